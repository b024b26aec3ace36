import Foundation

/// Compares a Pactum mismatch message with the Pact reference wording the features quote.
///
/// Pactum words its mismatches in its own style (`Expected "b" but received "c"` where the reference says
/// `Expected 'c' (String) to be equal to 'b' (String)`), so a message "says" what the feature expects when:
/// 1. it contains the expected text, or matches it as a regular expression (what the reference steps do); or
/// 2. it does so once quotes and letter case are ignored; or
/// 3. it names every fact the expected text names: each quoted value (literally, or as a regular
///    expression, since features quote patterns such as `'application/json;\s*charset=UTF-8'`; an empty
///    value `''` must appear quoted), each XML
///    element (`<two/>`), each list of names (`[one, two]`) and each number outside parenthesised or
///    bracketed dumps (`[] (size 0) to have minimum size of 1` names `1`). The caller has already checked
///    that the mismatch is of the right part and at the right path, so a reference message naming no such
///    fact (`Expected [] (Array) to not be empty`, byte dumps of binary bodies) is satisfied by any message
///    of a mismatch of that part at that path.
enum MismatchWording {
    static func says(_ message: String, _ expected: String) -> Bool {
        if message.contains(expected) || matches(message, pattern: expected) { return true }
        let normalizedMessage = normalize(message)
        let normalizedExpected = normalize(expected)
        if normalizedMessage.contains(normalizedExpected) { return true }
        return facts(of: expected).allSatisfy { fact in
            switch fact {
            case .quoted(let value) where value.isEmpty:
                return normalizedMessage.contains("''")
            case .quoted(let value):
                return message.contains(value) || normalizedMessage.contains(normalize(value))
                    || matches(message, pattern: value)
            case .text(let value):
                return normalizedMessage.contains(normalize(value))
            case .number(let value):
                return containsNumber(message, value)
            }
        }
    }

    enum Fact: Equatable {
        case quoted(String)
        case text(String)
        case number(String)
    }

    /// The facts a reference message names.
    static func facts(of text: String) -> [Fact] {
        var facts: [Fact] = []
        // Quoted values: 'x'. An unmatched trailing quote is ignored.
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "'") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "'") else { break }
            facts.append(.quoted(String(rest[afterOpen..<close])))
            rest = rest[rest.index(after: close)...]
        }
        let unquoted = removing(quotedIn: text)
        // XML elements: <name/> or <name>.
        for name in captures(in: unquoted, pattern: "<([A-Za-z_][\\w.:-]*)/?>") { facts.append(.text("<" + name)) }
        // Lists of names: [one, two] (lists holding digits are dumps of values, not facts).
        for list in captures(in: unquoted, pattern: "(\\[[^\\[\\]\\d]+\\])") { facts.append(.text(list)) }
        // Numbers outside (…) and […].
        for number in captures(in: removing(groupsIn: unquoted), pattern: "(?<![\\w.])(\\d+(?:\\.\\d+)?)(?![\\w.])") {
            facts.append(.number(number))
        }
        return facts
    }

    /// Whether two paths name the same place (`$[100]`, `$['100']` and `$.100` do).
    static func samePath(_ lhs: String, _ rhs: String) -> Bool {
        lhs == rhs || components(lhs) == components(rhs)
    }

    static func components(_ path: String) -> [String] {
        var result: [String] = []
        var rest = Substring(path)
        if rest.hasPrefix("$") { rest = rest.dropFirst() }
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                result.append(String(name))
                rest = rest.dropFirst(name.count)
            } else if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                var inner = rest[rest.index(after: rest.startIndex)..<close]
                if inner.count >= 2, inner.hasPrefix("'"), inner.hasSuffix("'") { inner = inner.dropFirst().dropLast() }
                result.append(String(inner))
                rest = rest[rest.index(after: close)...]
            } else {
                result.append(String(rest))
                break
            }
        }
        return result
    }

    static func normalize(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "'").lowercased()
    }

    static func matches(_ text: String, pattern: String) -> Bool {
        guard !pattern.isEmpty, let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    static func containsNumber(_ text: String, _ number: String) -> Bool {
        let escaped = NSRegularExpression.escapedPattern(for: number)
        return matches(text, pattern: "(?<![\\w.])" + escaped + "(?![\\w]|\\.\\d)")
    }

    static func captures(in text: String, pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The text without its quoted values.
    static func removing(quotedIn text: String) -> String {
        var result = ""
        var inQuote = false
        let quoteCount = text.filter { $0 == "'" }.count
        var seen = 0
        for character in text {
            if character == "'" {
                seen += 1
                // An unmatched last quote opens nothing.
                if !inQuote && seen == quoteCount && quoteCount % 2 == 1 { continue }
                inQuote.toggle()
                continue
            }
            if !inQuote { result.append(character) }
        }
        return result
    }

    /// The text without (…) and […] groups, nested ones included.
    static func removing(groupsIn text: String) -> String {
        var result = ""
        var depth = 0
        for character in text {
            if character == "(" || character == "[" || character == "{" {
                depth += 1
            } else if character == ")" || character == "]" || character == "}" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                result.append(character)
            }
        }
        return result
    }
}
