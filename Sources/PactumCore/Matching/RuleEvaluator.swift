import Foundation

/// Applies one matching rule to one value and says, in a sentence, why it failed.
enum RuleEvaluator {
    /// Checks `actual` against `rule` (with `expected` as the contract's example).
    ///
    /// - Parameters:
    ///   - cascaded: the rule was defined on a parent, so array-length limits do not apply.
    ///   - fromText: the actual value came from text (header, query, path, metadata), so numbers and
    ///     booleans written as strings count as numbers and booleans.
    /// - Returns: nil when the value satisfies the rule, else the sentence describing the failure.
    static func check(
        _ rule: MatchingRule,
        expected: JSONValue,
        actual: JSONValue,
        cascaded: Bool,
        fromText: Bool = false
    ) -> String? {
        switch rule.storage {
        case .equality, .values:
            return equal(expected, actual, fromText: fromText)
                ? nil : "Expected \(show(actual)) to be equal to \(show(expected))"
        case .regex(let pattern):
            let text = actual.displayString
            guard let regex = RegexCache.shared.wholeValueRegex(pattern) else {
                return "The regular expression '\(pattern)' in the contract is not valid; fix the matching rule"
            }
            return regex.matchesWhole(text)
                ? nil : "Expected \(show(actual)) to match the regular expression '\(pattern)'"
        case .type(let min, let max):
            if case .array(let items) = actual, case .array = expected {
                if !cascaded, let min, items.count < min {
                    return
                        "Expected an array with at least \(min) item\(min == 1 ? "" : "s") but received \(items.count)"
                }
                if !cascaded, let max, items.count > max {
                    return
                        "Expected an array with at most \(max) item\(max == 1 ? "" : "s") but received \(items.count)"
                }
                return nil
            }
            return sameType(expected, actual, fromText: fromText)
                ? nil : "Expected \(showTyped(actual)) to be the same type as \(showTyped(expected))"
        case .include(let substring):
            return actual.displayString.contains(substring)
                ? nil : "Expected \(show(actual)) to include \(quoted(substring))"
        case .integer:
            switch actual {
            case .integer: return nil
            case .string(let text) where fromText && Int(text) != nil: return nil
            default: return "Expected \(showTyped(actual)) to be an integer"
            }
        case .decimal:
            switch actual {
            case .decimal: return nil
            case .string(let text) where fromText && text.contains(".") && isNumberText(text): return nil
            default: return "Expected \(showTyped(actual)) to be a decimal number"
            }
        case .number:
            switch actual {
            case .integer, .decimal: return nil
            case .string(let text) where fromText && isNumberText(text): return nil
            default: return "Expected \(showTyped(actual)) to be a number"
            }
        case .boolean:
            switch actual {
            case .bool: return nil
            case .string("true"), .string("false"): return nil
            default: return "Expected \(showTyped(actual)) to be a boolean"
            }
        case .null:
            return actual.isNull ? nil : "Expected \(showTyped(actual)) to be null"
        case .date(let format):
            return dateCheck(actual, format: format, kind: "date", fallback: ISO8601Validation.isDate)
        case .time(let format):
            return dateCheck(actual, format: format, kind: "time", fallback: ISO8601Validation.isTime)
        case .timestamp(let format):
            return dateCheck(actual, format: format, kind: "timestamp", fallback: ISO8601Validation.isDateTime)
        case .contentType(let expectedType):
            return contentTypeCheck(Array(actual.displayString.utf8), expected: expectedType)
        case .notEmpty:
            switch actual {
            case .null: return "Expected a non-empty value but received null"
            case .string(""): return "Expected a non-empty string but received \"\""
            case .array(let items) where items.isEmpty: return "Expected a non-empty array but received []"
            case .object(let object) where object.isEmpty: return "Expected a non-empty object but received {}"
            default: return nil
            }
        case .semver:
            guard case .string(let text) = actual else {
                return "Expected \(showTyped(actual)) to be a semantic version string (like 1.2.3)"
            }
            return SemanticVersion.isValid(text)
                ? nil : "Expected \(show(actual)) to be a semantic version (like 1.2.3 or 1.2.3-beta.1+build)"
        case .statusCode(let status):
            guard let code = actual.intValue else { return "Expected \(showTyped(actual)) to be an HTTP status code" }
            guard !status.contains(code) else { return nil }
            // "an error status", "an information status", "a successful status".
            let article = status.description.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            return "Expected \(article) \(status) but received \(code)"
        case .eachKey, .eachValue, .arrayContains:
            // These apply to collections; the body matchers handle them.
            return nil
        case .unknown(let name):
            return "The matching rule '\(name)' is not supported by Pactum; the value could not be checked"
        }
    }

    /// The failures of a rule list on one value: every failing rule's sentence under AND; under OR none
    /// as soon as one rule passes, else all of them.
    static func failures(
        of list: RuleList,
        expected: JSONValue,
        actual: JSONValue,
        cascaded: Bool,
        fromText: Bool = false
    ) -> [String] {
        let failures = list.rules.compactMap {
            check($0, expected: expected, actual: actual, cascaded: cascaded, fromText: fromText)
        }
        if list.logic == .or, failures.count < list.rules.count { return [] }
        return failures
    }

    /// Checks bytes (a binary body) against a `contentType` rule.
    static func contentTypeCheck(_ bytes: [UInt8], expected: String) -> String? {
        guard let wanted = MediaType(expected) else {
            return "The content type '\(expected)' in the contract is not a valid media type"
        }
        guard let detected = ContentTypeDetector.detect(bytes) else {
            return "Expected content of type '\(expected)' but its type could not be detected"
        }
        if detected.essence == wanted.essence { return nil }
        // Text types are interchangeable when the content is plain text of the expected family.
        if wanted.type == "text", detected.type == "text" { return nil }
        if wanted.isJSON, detected.isJSON { return nil }
        if wanted.isXML, detected.isXML { return nil }
        return "Expected content of type '\(expected)' but it looks like '\(detected.essence)'"
    }

    private static func dateCheck(
        _ actual: JSONValue,
        format: String?,
        kind: String,
        fallback: (String) -> Bool
    ) -> String? {
        guard case .string(let text) = actual else {
            return "Expected \(showTyped(actual)) to be a \(kind) string"
        }
        if let format {
            guard let parsed = try? DateFormatCache.shared.format(format) else {
                return "The \(kind) format '\(format)' in the contract is not a valid Java date pattern"
            }
            return parsed.matches(text) ? nil : "Expected \(show(actual)) to be a \(kind) in the format '\(format)'"
        }
        return fallback(text) ? nil : "Expected \(show(actual)) to be an ISO 8601 \(kind)"
    }

    static func equal(_ expected: JSONValue, _ actual: JSONValue, fromText: Bool) -> Bool {
        if expected == actual { return true }
        if fromText { return expected.displayString == actual.displayString }
        return false
    }

    static func sameType(_ expected: JSONValue, _ actual: JSONValue, fromText: Bool) -> Bool {
        switch (expected, actual) {
        case (.null, .null), (.bool, .bool), (.string, .string), (.array, .array), (.object, .object): return true
        case (.integer, .integer), (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal): return true
        case (.integer, .string(let text)), (.decimal, .string(let text)): return fromText && isNumberText(text)
        case (.bool, .string(let text)): return fromText && (text == "true" || text == "false")
        default: return fromText
        }
    }

    /// Whether text (a header, query or metadata value) spells a decimal number: an optional sign,
    /// digits with an optional fraction, and an optional exponent. `Double.init` alone would also
    /// accept `nan`, `inf` and hexadecimal floats such as `0x1p3`, which are not numbers in a contract.
    static func isNumberText(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        func isSign(_ byte: UInt8?) -> Bool { byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") }
        if isSign(bytes.first) { bytes = bytes.dropFirst() }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if let first = bytes.first, first == UInt8(ascii: "e") || first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if isSign(bytes.first) { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// A value as it appears in a sentence: strings quoted, other values as JSON, long values cut.
    static func show(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .string(let s): text = quoted(s)
        default: text = value.jsonText
        }
        return text.count > 120 ? String(text.prefix(117)) + "..." : text
    }

    static func showTyped(_ value: JSONValue) -> String { "\(show(value)) (\(value.typeName))" }

    static func quoted(_ text: String) -> String {
        var out = ""
        JSONWriter.writeString(text, into: &out)
        return out
    }
}

/// Semantic Versioning 2.0.0 validation.
enum SemanticVersion {
    static func isValid(_ text: String) -> Bool {
        var core = Substring(text)
        var build: Substring?
        if let plus = core.firstIndex(of: "+") {
            build = core[core.index(after: plus)...]
            core = core[..<plus]
        }
        var pre: Substring?
        if let dash = core.firstIndex(of: "-") {
            pre = core[core.index(after: dash)...]
            core = core[..<dash]
        }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3 else { return false }
        for number in numbers {
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            if number.count > 1, number.first == "0" { return false }
        }
        func identifiers(_ part: Substring, numericNoLeadingZero: Bool) -> Bool {
            let ids = part.split(separator: ".", omittingEmptySubsequences: false)
            for id in ids {
                guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                    return false
                }
                if numericNoLeadingZero, id.allSatisfy({ $0.isNumber }), id.count > 1, id.first == "0" { return false }
            }
            return true
        }
        if let pre, !identifiers(pre, numericNoLeadingZero: true) { return false }
        if let build, !identifiers(build, numericNoLeadingZero: false) { return false }
        return true
    }
}

/// Compiled regular expressions, shared: compiling costs far more than matching.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private let lock = NSLock()
    private var cache: [String: WholeValueRegex] = [:]
    private var invalid: Set<String> = []

    func wholeValueRegex(_ pattern: String) -> WholeValueRegex? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[pattern] { return cached }
        if invalid.contains(pattern) { return nil }
        // Ruby's and Rust's engines (the other Pact implementations) read a `{` that does not start a repetition
        // (`{2}`, `{2,}`, `{2,5}`) as a literal brace; ICU refuses the pattern. The official broker client's
        // contracts have such patterns (`http:\/\/.*{pacticipant}`), so a pattern ICU refuses is tried again with
        // those braces escaped.
        let compile = { (pattern: String) in try? NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z") }
        guard let regex = compile(pattern) ?? Self.literalBraces(pattern).flatMap(compile) else {
            invalid.insert(pattern)
            return nil
        }
        let compiled = WholeValueRegex(regex: regex)
        if cache.count > 4096 { cache.removeAll() }
        cache[pattern] = compiled
        return compiled
    }
}

extension RegexCache {
    /// The pattern with every `{` that does not start a repetition, and every `}` that does not end one, escaped;
    /// nil when there is none (the pattern is invalid for another reason).
    static func literalBraces(_ pattern: String) -> String? {
        let characters = Array(pattern)
        var result = ""
        var changed = false
        var index = 0
        var inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                result.append(character)
                result.append(characters[index + 1])
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
                result.append(character)
            } else if character == "[" {
                inClass = true
                result.append(character)
            } else if character == "{" {
                var end = index + 1
                while end < characters.count, characters[end].isASCII,
                    characters[end].isNumber || characters[end] == ","
                {
                    end += 1
                }
                let inside = String(characters[(index + 1)..<min(end, characters.count)])
                let isRepetition =
                    end < characters.count && characters[end] == "}" && inside.first?.isNumber == true
                    && inside.filter({ $0 == "," }).count <= 1
                if isRepetition {
                    result += "{" + inside + "}"
                    index = end + 1
                    continue
                }
                result += "\\{"
                changed = true
            } else if character == "}" {
                result += "\\}"
                changed = true
            } else {
                result.append(character)
            }
            index += 1
        }
        return changed ? result : nil
    }
}

struct WholeValueRegex: @unchecked Sendable {
    let regex: NSRegularExpression

    func matchesWhole(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.firstMatch(in: text, options: [], range: range) != nil
    }
}

/// Parsed Java date patterns, shared.
final class DateFormatCache: @unchecked Sendable {
    static let shared = DateFormatCache()
    private let lock = NSLock()
    private var cache: [String: JavaDateTimeFormat] = [:]

    func format(_ pattern: String) throws(DateTimeFormatError) -> JavaDateTimeFormat {
        lock.lock()
        if let cached = cache[pattern] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let parsed = try JavaDateTimeFormat(pattern)
        lock.lock()
        if cache.count > 1024 { cache.removeAll() }
        cache[pattern] = parsed
        lock.unlock()
        return parsed
    }
}
