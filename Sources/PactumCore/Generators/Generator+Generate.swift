import Foundation

extension Generator {
    /// Largest `digits` / `size` a random generator accepts (Pact stores these as 16-bit numbers).
    static let maximumSize = 65_535

    /// Generates a new value to replace `current` (the example value, if any).
    ///
    /// - `RandomInt`: an integer in `min...max`; a string when `current` is a string.
    /// - `RandomDecimal`: a decimal with `digits` significant digits and a decimal point (one digit gives
    ///   a single digit); a string when `current` is a string.
    /// - `RandomHexadecimal`: `digits` lowercase hexadecimal digits. `RandomString`: `size` letters and digits.
    /// - `Regex`: a string matching the whole expression (see ``RegexStringGenerator``).
    /// - `Uuid`: a random (version 4) UUID in the format. `RandomBoolean`: `true` or `false`.
    /// - `Date`, `Time`, `DateTime`: `context.now`, moved by the expression, in the Java-style format (or the
    ///   default one), in `context.timeZone`. A `Time` expression without `@` is read as a time expression.
    /// - `ProviderState`: the expression with each `${name}` replaced by the provider state value. An
    ///   expression that is a single `${name}` keeps the value's JSON type; an expression without `${`
    ///   is itself the name. `dataType` then converts the value (`STRING`, `INTEGER`, `DECIMAL`, `FLOAT`,
    ///   `BOOLEAN`; `RAW` or anything else keeps it).
    /// - `MockServerURL`: `example` with the `regex` match replaced by `context.mockServerURL` followed by the
    ///   regex's first group (e.g. the path); the example itself when there is no mock server URL, or when
    ///   the regex does not match it.
    ///
    /// - Throws: ``GeneratorError`` when the generator's settings are invalid (bad regex, format or
    ///   expression, `min` above `max`, …), a provider state value is missing or can not be converted, or
    ///   the generator type is unknown. Like Pact's reference implementation, callers should then keep the
    ///   example value.
    public func generate(current: JSONValue?, context: inout GeneratorContext) throws(GeneratorError) -> JSONValue {
        switch storage {
        case .randomInt(let min, let max):
            guard min <= max else {
                throw error("'min' (\(min)) is greater than 'max' (\(max)); swap them")
            }
            let value = Int.random(in: min...max, using: &context.random)
            if case .string = current { return .string(String(value)) }
            return .integer(value)
        case .randomDecimal(let digits):
            try checkSize(digits, field: "digits", minimum: 1)
            let text = Self.randomDecimalText(digits: digits, using: &context.random)
            if case .string = current { return .string(text) }
            guard let number = Double(text), number.isFinite else { return .string(text) }
            return .decimal(number)
        case .randomHexadecimal(let digits):
            try checkSize(digits, field: "digits", minimum: 0)
            return .string(Self.randomText(count: digits, from: Self.hexDigits, using: &context.random))
        case .randomString(let size):
            try checkSize(size, field: "size", minimum: 0)
            return .string(Self.randomText(count: size, from: Self.alphanumerics, using: &context.random))
        case .regex(let pattern):
            do {
                let generator = try RegexStringGenerator(pattern: pattern)
                return .string(generator.generate(using: &context.random))
            } catch {
                throw self.error("can not generate a value: \(error)")
            }
        case .uuid(let format):
            return .string(Self.randomUUID(format: format, using: &context.random))
        case .date(let format, let expression):
            return try dateTimeValue(
                format: format ?? DefaultDateTimeFormats.date,
                expression: expression,
                context: context
            )
        case .time(let format, let expression):
            return try dateTimeValue(
                format: format ?? DefaultDateTimeFormats.time,
                expression: expression,
                context: context,
                isTime: true
            )
        case .dateTime(let format, let expression):
            return try dateTimeValue(
                format: format ?? DefaultDateTimeFormats.dateTime,
                expression: expression,
                context: context
            )
        case .randomBoolean:
            return .bool(Bool.random(using: &context.random))
        case .providerState(let expression, let dataType):
            let value = try providerStateValue(expression: expression, state: context.providerState)
            return try convert(value, to: dataType, expression: expression)
        case .mockServerURL(let example, let regex):
            return .string(try mockServerURL(example: example, regex: regex, baseURL: context.mockServerURL))
        case .unknown:
            throw error(
                "this version of Pactum does not know this generator type, so it can not generate a value "
                    + "(it may need a plugin); the example value is kept"
            )
        }
    }

    private func error(_ message: String) -> GeneratorError {
        GeneratorError(generatorType: typeName, message: message)
    }

    private func checkSize(_ value: Int, field: String, minimum: Int) throws(GeneratorError) {
        guard (minimum...Self.maximumSize).contains(value) else {
            throw error("'\(field)' must be between \(minimum) and \(Self.maximumSize), got \(value)")
        }
    }

    // MARK: - Random text

    private static let hexDigits = Array("0123456789abcdef")
    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let decimalDigits = Array("0123456789")

    private static func randomText(
        count: Int,
        from alphabet: [Character],
        using random: inout SeededRandomNumberGenerator
    ) -> String {
        var text = ""
        text.reserveCapacity(count)
        for _ in 0..<count {
            text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
        }
        return text
    }

    /// `digits` digits with a decimal point between two of them; no leading zero before a multi-digit
    /// integer part and no trailing zero, so the value keeps its digits when read as a number.
    static func randomDecimalText(digits: Int, using random: inout SeededRandomNumberGenerator) -> String {
        func digit(_ range: ClosedRange<Int>) -> Character {
            decimalDigits[Int.random(in: range, using: &random)]
        }
        guard digits > 1 else { return String(digit(0...9)) }
        // At most 15 digits before the point keeps the number exact as a Double.
        let pointPosition = Int.random(in: 1...min(digits - 1, 15), using: &random)
        var text = ""
        text.reserveCapacity(digits + 1)
        for position in 0..<digits {
            if position == pointPosition { text.append(".") }
            if position == 0 && pointPosition > 1 {
                text.append(digit(1...9))
            } else if position == digits - 1 {
                text.append(digit(1...9))
            } else {
                text.append(digit(0...9))
            }
        }
        return text
    }

    static func randomUUID(format: UUIDFormat, using random: inout SeededRandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            let word = random.next()
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = bytes.map { byte -> String in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }
        let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }
        switch format {
        case .simple: return groups.joined()
        case .lowerCaseHyphenated: return groups.joined(separator: "-")
        case .upperCaseHyphenated: return groups.joined(separator: "-").uppercased()
        case .urn: return "urn:uuid:" + groups.joined(separator: "-")
        }
    }

    // MARK: - Dates and times

    private func dateTimeValue(
        format: String,
        expression: String?,
        context: GeneratorContext,
        isTime: Bool = false
    ) throws(GeneratorError) -> JSONValue {
        var moment = context.now
        if let expression, !expression.allSatisfy(\.isWhitespace) {
            moment = try parseExpression(expression, isTime: isTime).evaluate(
                from: context.now,
                timeZone: context.timeZone
            )
        }
        let formatter: JavaDateTimeFormat
        do {
            formatter = try JavaDateTimeFormat(format)
        } catch {
            throw self.error("\(error)")
        }
        return .string(formatter.format(moment, timeZone: context.timeZone))
    }

    /// Parses a date/time expression. A `Time` expression without `@` (`+ 2 hours`, `midnight`) is a time
    /// part, so it is read as `@ <expression>` first.
    private func parseExpression(_ expression: String, isTime: Bool) throws(GeneratorError) -> DateTimeExpression {
        if isTime && !expression.contains("@") {
            if let timePart = try? DateTimeExpression("@ " + expression) { return timePart }
        }
        do {
            return try DateTimeExpression(expression)
        } catch {
            throw self.error("\(error)")
        }
    }

    // MARK: - Provider state

    private func providerStateValue(
        expression: String,
        state: [String: JSONValue]
    ) throws(GeneratorError)
        -> JSONValue
    {
        guard expression.contains("${") else {
            guard let value = state[expression] else { throw missingValue(expression, expression: expression, state) }
            return value
        }
        var parts: [JSONValue] = []
        var rest = Substring(expression)
        while let open = rest.range(of: "${") {
            if open.lowerBound > rest.startIndex { parts.append(.string(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw error("the expression '\(expression)' has a '${' without a closing '}'")
            }
            let name = rest[open.upperBound..<close].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty {
                guard let value = state[name] else { throw missingValue(name, expression: expression, state) }
                parts.append(value)
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.string(String(rest))) }
        if parts.count == 1 { return parts[0] }
        return .string(parts.map(\.displayString).joined())
    }

    private func missingValue(_ name: String, expression: String, _ state: [String: JSONValue]) -> GeneratorError {
        let available =
            state.isEmpty
            ? "the provider state returned no values"
            : "the provider state has values: " + state.keys.sorted().joined(separator: ", ")
        return error(
            "no value named '\(name)' in the provider state (expression '\(expression)'); \(available). "
                + "Return '\(name)' from the provider state callback"
        )
    }

    private func convert(
        _ value: JSONValue,
        to dataType: String?,
        expression: String
    ) throws(GeneratorError)
        -> JSONValue
    {
        func failure(_ type: String) -> GeneratorError {
            error("the value \(value) of '\(expression)' can not be converted to \(type)")
        }
        switch dataType?.uppercased() {
        case "STRING":
            return .string(value.displayString)
        case "INTEGER":
            switch value {
            case .null: return .integer(0)
            case .bool(let flag): return .integer(flag ? 1 : 0)
            case .integer: return value
            case .decimal(let number):
                guard number.isFinite, abs(number) < 9.2e18 else { throw failure("INTEGER") }
                return .integer(Int(number))
            case .string(let text):
                guard let int = Int(text.trimmingCharacters(in: .whitespaces)) else { throw failure("INTEGER") }
                return .integer(int)
            case .array, .object:
                throw failure("INTEGER")
            }
        case "DECIMAL", "FLOAT":
            switch value {
            case .null: return .decimal(0)
            case .bool(let flag): return .decimal(flag ? 1 : 0)
            case .integer(let int): return .decimal(Double(int))
            case .decimal: return value
            case .string(let text):
                guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                    throw failure(dataType?.uppercased() ?? "DECIMAL")
                }
                return .decimal(number)
            case .array, .object:
                throw failure(dataType?.uppercased() ?? "DECIMAL")
            }
        case "BOOLEAN":
            switch value {
            case .null: return .bool(false)
            case .bool: return value
            case .integer(let int): return .bool(int > 0)
            case .decimal(let number): return .bool(number > 0)
            case .string(let text):
                switch text.trimmingCharacters(in: .whitespaces).lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: throw failure("BOOLEAN")
                }
            case .array, .object:
                throw failure("BOOLEAN")
            }
        default:
            return value
        }
    }

    // MARK: - Mock server URL

    private func mockServerURL(
        example: String,
        regex pattern: String,
        baseURL: String?
    ) throws(GeneratorError)
        -> String
    {
        guard let baseURL else { return example }
        let regex: NSRegularExpression
        do {
            regex = try NSRegularExpression(pattern: pattern)
        } catch {
            throw self.error("'\(pattern)' is not a valid regular expression")
        }
        let text = example as NSString
        guard let match = regex.firstMatch(in: example, range: NSRange(location: 0, length: text.length)) else {
            return example
        }
        guard match.numberOfRanges > 1 else {
            throw error(
                "the regex '\(pattern)' needs a group around the part of the example to keep, e.g. '.*(/path)$'"
            )
        }
        let groupRange = match.range(at: 1)
        let kept = groupRange.location == NSNotFound ? "" : text.substring(with: groupRange)
        var prefix = baseURL
        if prefix.hasSuffix("/") && kept.hasPrefix("/") { prefix.removeLast() }
        return text.replacingCharacters(in: match.range, with: prefix + kept)
    }
}
