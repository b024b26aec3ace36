/// A numeric field of a date/time pattern.
enum DateTimeNumericField: Sendable, Hashable {
    case yearOfEra, prolepticYear, weekBasedYear
    case dayOfYear, month, dayOfMonth, quarter, weekOfWeekBasedYear, weekOfMonth, alignedWeekOfMonth
    case localizedDayOfWeek
    case hourOfDay, clockHourOfDay, hourOfAmPm, clockHourOfAmPm
    case minute, second, nanoOfSecond, milliOfDay, nanoOfDay

    /// The smallest and largest value the field takes.
    var range: ClosedRange<Int> {
        switch self {
        case .yearOfEra: return 1...999_999_999
        case .prolepticYear, .weekBasedYear: return 0...999_999_999
        case .dayOfYear: return 1...366
        case .month: return 1...12
        case .dayOfMonth: return 1...31
        case .quarter: return 1...4
        case .weekOfWeekBasedYear: return 1...53
        case .weekOfMonth: return 1...6
        case .alignedWeekOfMonth: return 0...5
        case .localizedDayOfWeek: return 1...7
        case .hourOfDay: return 0...23
        case .clockHourOfDay: return 1...24
        case .hourOfAmPm: return 0...11
        case .clockHourOfAmPm: return 1...12
        case .minute, .second: return 0...59
        case .nanoOfSecond: return 0...999_999_999
        case .milliOfDay: return 0...86_399_999
        case .nanoOfDay: return 0...86_399_999_999_999
        }
    }
}

/// A text field of a date/time pattern.
enum DateTimeTextField: Sendable, Hashable {
    case era, month, dayOfWeek, quarter
}

/// How long a text is printed: `Jan`, `January` or `J`.
enum DateTimeTextStyle: Sendable, Hashable {
    case short, full, narrow
}

/// One compiled element of a date/time pattern.
enum DateTimePatternToken: Sendable, Hashable {
    /// Literal text that must appear as is (UTF-8).
    case literal([UInt8])
    /// A number of `minWidth...maxWidth` digits. `reserved` digits are left for the fixed-width numeric fields that
    /// directly follow (so `yyyyMMdd` parses `20240229`).
    case number(DateTimeNumericField, minWidth: Int, maxWidth: Int, reserved: Int)
    /// `yy`: exactly two digits, a year in 2000...2099.
    case twoDigitYear(DateTimeNumericField)
    case text(DateTimeTextField, DateTimeTextStyle)
    /// `S...`: exactly `digits` digits of the fraction of the second.
    case fraction(digits: Int)
    case amPm
    /// `V`/`VV`: a zone id like `Europe/London`.
    case zoneId
    /// `z`: a zone name like `PST` or `Pacific Standard Time`.
    case zoneName(full: Bool)
    /// `X`/`x`: an ISO offset; `count` selects the shape, `zeroAsZ` prints zero as `Z`.
    case offsetISO(count: Int, zeroAsZ: Bool)
    /// `O`/`ZZZZ`: `GMT+8` (count 1) or `GMT+08:00` (count 4).
    case offsetLocalized(count: Int)
    /// `[`: the tokens up to the matching `optionalEnd` at index `end` may be absent.
    case optionalStart(end: Int)
    case optionalEnd

    var fixedNumericWidth: Int? {
        switch self {
        case let .number(_, minWidth, maxWidth, _) where minWidth == maxWidth: return minWidth
        case .twoDigitYear: return 2
        case let .fraction(digits): return digits
        default: return nil
        }
    }
}

/// Compiles a Java pattern string into tokens.
struct DateTimePatternCompiler {
    let pattern: String
    private let characters: [Character]
    private var tokens: [DateTimePatternToken] = []
    private var literal: [UInt8] = []
    private var openSections: [(index: Int, position: Int)] = []

    init(pattern: String) {
        self.pattern = pattern
        self.characters = Array(pattern)
    }

    mutating func compile() throws(DateTimeFormatError) -> [DateTimePatternToken] {
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                index = try quoted(from: index)
            } else if character == "[" {
                flushLiteral()
                openSections.append((tokens.count, index + 1))
                tokens.append(.optionalStart(end: -1))
                index += 1
            } else if character == "]" {
                flushLiteral()
                guard let open = openSections.popLast() else {
                    throw .pattern(
                        pattern,
                        position: index + 1,
                        "']' closes no optional section",
                        hint: "open the section with '[' or quote a literal bracket as ']'"
                    )
                }
                tokens[open.index] = .optionalStart(end: tokens.count)
                tokens.append(.optionalEnd)
                index += 1
            } else if character.isASCII, character.isLetter {
                var count = 1
                while index + count < characters.count, characters[index + count] == character { count += 1 }
                flushLiteral()
                tokens.append(contentsOf: try field(character, count: count, position: index + 1))
                index += count
            } else {
                literal.append(contentsOf: String(character).utf8)
                index += 1
            }
        }
        flushLiteral()
        if let open = openSections.last {
            throw .pattern(
                pattern,
                position: open.position,
                "the optional section '[' is never closed",
                hint: "add a matching ']'"
            )
        }
        reserveAdjacentDigits()
        return tokens
    }

    private mutating func flushLiteral() {
        guard !literal.isEmpty else { return }
        tokens.append(.literal(literal))
        literal = []
    }

    private mutating func quoted(from start: Int) throws(DateTimeFormatError) -> Int {
        var index = start + 1
        if index < characters.count, characters[index] == "'" {
            literal.append(UInt8(ascii: "'"))
            return index + 1
        }
        while index < characters.count {
            if characters[index] == "'" {
                if index + 1 < characters.count, characters[index + 1] == "'" {
                    literal.append(UInt8(ascii: "'"))
                    index += 2
                    continue
                }
                return index + 1
            }
            literal.append(contentsOf: String(characters[index]).utf8)
            index += 1
        }
        throw .pattern(
            pattern,
            position: start + 1,
            "the quoted text is never closed",
            hint: "end it with ' (write '' for a literal quote)"
        )
    }

    private func tooMany(_ letter: Character, _ count: Int, _ maximum: Int, _ position: Int) -> DateTimeFormatError {
        .pattern(
            pattern,
            position: position,
            "too many pattern letters '\(letter)' (\(count), at most \(maximum))",
            hint: maximum == 2 ? "write \(String(repeating: letter, count: 2)) for a two-digit value" : nil
        )
    }

    private func number(_ field: DateTimeNumericField, _ count: Int, max maximum: Int) -> DateTimePatternToken {
        count == 1
            ? .number(field, minWidth: 1, maxWidth: maximum, reserved: 0)
            : .number(field, minWidth: count, maxWidth: count, reserved: 0)
    }

    private func textStyle(_ count: Int) -> DateTimeTextStyle {
        count == 4 ? .full : count == 5 ? .narrow : .short
    }

    private func field(
        _ letter: Character,
        count: Int,
        position: Int
    )
        throws(DateTimeFormatError) -> [DateTimePatternToken]
    {
        func limit(_ maximum: Int) throws(DateTimeFormatError) {
            if count > maximum { throw tooMany(letter, count, maximum, position) }
        }
        switch letter {
        case "G":
            try limit(5)
            return [.text(.era, textStyle(count))]
        case "y", "u", "Y":
            try limit(9)
            let field: DateTimeNumericField =
                letter == "y"
                ? .yearOfEra
                : letter == "u" ? .prolepticYear : .weekBasedYear
            if count == 2 { return [.twoDigitYear(field)] }
            return [.number(field, minWidth: count, maxWidth: 9, reserved: 0)]
        case "D":
            try limit(3)
            return [.number(.dayOfYear, minWidth: count, maxWidth: 3, reserved: 0)]
        case "M", "L":
            try limit(5)
            return count <= 2 ? [number(.month, count, max: 2)] : [.text(.month, textStyle(count))]
        case "d":
            try limit(2)
            return [number(.dayOfMonth, count, max: 2)]
        case "Q", "q":
            try limit(5)
            if count <= 2 { return [number(.quarter, count, max: 1)] }
            return [.text(.quarter, textStyle(count))]
        case "w":
            try limit(2)
            return [number(.weekOfWeekBasedYear, count, max: 2)]
        case "W":
            try limit(2)
            return [number(.weekOfMonth, count, max: 1)]
        case "F":
            try limit(2)
            return [number(.alignedWeekOfMonth, count, max: 1)]
        case "E":
            try limit(5)
            return [.text(.dayOfWeek, textStyle(count))]
        case "e", "c":
            try limit(5)
            if count <= 2 { return [number(.localizedDayOfWeek, count, max: 1)] }
            return [.text(.dayOfWeek, textStyle(count))]
        case "a":
            try limit(2)
            return [.amPm]
        case "H", "k", "K", "h":
            try limit(2)
            let field: DateTimeNumericField =
                switch letter {
                case "H": .hourOfDay
                case "k": .clockHourOfDay
                case "K": .hourOfAmPm
                default: .clockHourOfAmPm
                }
            return [number(field, count, max: 2)]
        case "m":
            try limit(2)
            return [number(.minute, count, max: 2)]
        case "s":
            try limit(2)
            return [number(.second, count, max: 2)]
        case "S":
            try limit(9)
            return [.fraction(digits: count)]
        case "n":
            try limit(9)
            return [.number(.nanoOfSecond, minWidth: count, maxWidth: 9, reserved: 0)]
        case "A":
            try limit(8)
            return [.number(.milliOfDay, minWidth: count, maxWidth: 8, reserved: 0)]
        case "N":
            try limit(14)
            return [.number(.nanoOfDay, minWidth: count, maxWidth: 14, reserved: 0)]
        case "V":
            try limit(2)
            return [.zoneId]
        case "z":
            try limit(4)
            return [.zoneName(full: count == 4)]
        case "O":
            guard count == 1 || count == 4 else {
                throw .pattern(
                    pattern,
                    position: position,
                    "pattern letter 'O' repeated \(count) times",
                    hint: "use O for GMT+8 or OOOO for GMT+08:00"
                )
            }
            return [.offsetLocalized(count: count)]
        case "X", "x":
            try limit(5)
            return [.offsetISO(count: count, zeroAsZ: letter == "X")]
        case "Z":
            try limit(5)
            if count == 4 { return [.offsetLocalized(count: 4)] }
            return [.offsetISO(count: count == 5 ? 5 : 2, zeroAsZ: count == 5)]
        default:
            throw .pattern(
                pattern,
                position: position,
                "unknown pattern letter '\(letter)'",
                hint: "put literal text in single quotes, e.g. 'T'"
            )
        }
    }

    /// Java's "adjacent value parsing": a variable-width number directly followed by fixed-width numbers leaves
    /// their digits to them.
    private mutating func reserveAdjacentDigits() {
        for index in tokens.indices {
            guard case let .number(field, minWidth, maxWidth, _) = tokens[index], minWidth != maxWidth else { continue }
            var reserved = 0
            var next = index + 1
            while next < tokens.count, let width = tokens[next].fixedNumericWidth {
                reserved += width
                next += 1
            }
            if reserved > 0 {
                tokens[index] = .number(field, minWidth: minWidth, maxWidth: maxWidth, reserved: reserved)
            }
        }
    }
}
