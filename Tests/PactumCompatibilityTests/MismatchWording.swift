import Foundation

/// Compares a Pactum mismatch message with the Pact reference wording the features quote.
///
/// Pactum words its mismatches in its own style (`Expected "b" but received "c"` where the reference says
/// `Expected 'c' (String) to be equal to 'b' (String)`), so a message "says" what the feature expects when it
/// contains the expected text (letter case and the kind of quotes aside), or when both sentences, read with the
/// templates below, make the same statement: the same kind of check, and each value the reference names in the same
/// role (the actual value, the expected value or the rule's parameter, the name of the header, parameter or element).
/// A reversed sentence (`Expected 'OK' to be equal to 'Lovely'`) names the same values in swapped roles and does not
/// say the same; a message of another check (`to be a decimal number` for `to be an integer`) neither. A reference
/// sentence no template reads is never satisfied except by its own text, so a new wording in the features fails
/// until a template for it is added here.
enum MismatchWording {
    /// What a value is in a sentence.
    enum Role: String, CaseIterable, Sendable {
        /// The value that arrived.
        case actual
        /// The value the contract expects, or the rule's parameter (`'a'` in `to include 'a'`, `1` in a minimum size).
        case expected
        /// The header, query parameter, form parameter or XML element the sentence is about.
        case name
        /// A JSON document the sentence quotes (the variant of an array-contains rule).
        case document
    }

    /// A sentence read with a template: the kind of check, and the value of each role it names.
    struct Reading: Equatable, Sendable, CustomStringConvertible {
        var kind: String
        var values: [Role: String]

        var description: String {
            "\(kind) "
                + Role.allCases.compactMap { role in values[role].map { "\(role)=\($0)" } }.joined(separator: " ")
        }
    }

    /// A sentence shape: a regular expression over the whole sentence whose named groups are roles, and the values
    /// the shape itself implies (`the body was empty`: an actual size of 0).
    struct Template: Sendable {
        var kind: String
        var pattern: String
        var implied: [Role: String]

        init(_ kind: String, _ pattern: String, implied: [Role: String] = [:]) {
            self.kind = kind
            self.pattern = pattern
            self.implied = implied
        }
    }

    /// The reference implementation's sentences, as the compatibility features quote them.
    static let referenceTemplates: [Template] = [
        Template("missing", #"^Expected (?:a )?(?:query parameter|header) '(?<name>.*)' but was missing$"#),
        Template("unexpected", #"^Unexpected (?:query parameter|header) '(?<name>.*)' received$"#),
        Template("missing", #"^Expected child <(?<name>[^/>]+)/?> but was missing$"#),
        Template(
            "content type",
            #"^Expected a body of '(?<expected>.*)' but the actual content type was '(?<actual>.*)'$"#
        ),
        Template(
            "content type",
            #"^Expected binary contents to have content type '(?<expected>.*)' but detected contents was '(?<actual>.*)'$"#
        ),
        Template(
            "equality",
            #"^Expected body '(?<expected>.*)' to match '(?<actual>.*)' using equality but did not match$"#
        ),
        Template(
            "equality",
            #"^Actual body \[[^,\]]+, (?<actual>\d+) bytes, starting with [0-9a-f]*\] is not equal to the expected body \[[^,\]]+, (?<expected>\d+) bytes, starting with [0-9a-f]*\]$"#
        ),
        Template(
            "keys",
            #"^Expected a Map with keys \[(?<expected>.*)\] but received one with keys \[(?<actual>.*)\]$"#
        ),
        Template(
            "value",
            #"^Expected form post parameter '(?<name>.*)' with value '(?<expected>.*)' but was '(?<actual>.*)'$"#
        ),
        Template("value", #"^Expected header '(?<name>.*)' to have value '(?<expected>.*)' but was '(?<actual>.*)'$"#),
        Template("equality", #"^Expected (?<actual>.+) to be equal to (?<expected>.+)$"#),
        Template("include", #"^Expected (?<actual>.+) to include (?<expected>.+)$"#),
        Template("minimum size", #"^Expected (?<actual>.+) to have minimum size of (?<expected>\d+)$"#),
        Template("maximum size", #"^Expected (?<actual>.+) to have maximum size of (?<expected>\d+)$"#),
        Template("type", #"^(?:Type mismatch: )?Expected (?<actual>.+) to be the same type as (?<expected>.+)$"#),
        Template("number", #"^Expected (?<actual>.+) to be a number$"#),
        Template("integer", #"^Expected (?<actual>.+) to be an integer$"#),
        Template("decimal", #"^Expected (?<actual>.+) to be a decimal number$"#),
        Template("null", #"^Expected (?<actual>.+) to be a null value$"#),
        Template("boolean", #"^Expected (?<actual>.+) to match a boolean$"#),
        Template("date", #"^Expected (?<actual>.+) to match a date pattern of (?<expected>.+)$"#),
        // The features quote one regex without its closing quote.
        Template("regex", #"^Expected (?<actual>.+) to match '(?<expected>.*?)'?$"#),
        Template("not empty", #"^Expected (?<actual>.+) to not be empty$"#),
        Template("semantic version", #"^'(?<actual>.*)' is not a valid semantic version$"#),
        Template(
            "status class",
            #"^Expected status code (?<actual>\d+) to be an? (?<name>\w+) response \(\d+–\d+\)$"#
        ),
        Template(
            "variant",
            #"^Variant at index (?<expected>\d+) \((?<document>.*)\) was not found in the actual list$"#
        ),
    ]

    /// Pactum's sentences (PactumCore's matchers) for the same checks.
    static let pactumTemplates: [Template] = [
        Template("missing", #"^Expected (?:a )?(?:query parameter|header) '(?<name>.*)' but it was missing$"#),
        Template("unexpected", #"^Unexpected (?:query parameter|header) '(?<name>.*)' received \(values: .*\)$"#),
        Template("missing", #"^Expected child element <(?<name>[^>]+)> in <[^>]*> but it was missing(?: \(.*\))?$"#),
        Template(
            "content type",
            #"^Expected a body of type '(?<expected>.*)' but the actual content type was '(?<actual>.*)'$"#
        ),
        Template("content type", #"^Expected content of type '(?<expected>.*)' but it looks like '(?<actual>.*)'$"#),
        Template("equality", #"^Expected body '(?<expected>.*)' but received '(?<actual>.*)'$"#),
        Template(
            "equality",
            #"^Expected a binary body of (?<expected>\d+) bytes but received (?<actual>\d+) bytes that differ from byte \d+$"#
        ),
        Template(
            "keys",
            #"^Expected an object with keys \[(?<expected>.*)\] but received keys \[(?<actual>.*)\](?: \(.*\))?$"#
        ),
        Template(
            "value",
            #"^Expected (?:form field|header) '(?<name>.*)' to have the value '(?<expected>.*)'(?: at position \d+)? but received '(?<actual>.*)'$"#
        ),
        Template(
            "minimum size",
            #"^Expected an array with at least (?<expected>\d+) items? but received (?<actual>\d+)$"#
        ),
        Template(
            "maximum size",
            #"^Expected an array with at most (?<expected>\d+) items? but received (?<actual>\d+)$"#
        ),
        Template("not empty", #"^Expected a non-empty \w+ but received (?<actual>.+)$"#),
        Template("not empty", #"^Expected a body but the body was empty$"#, implied: [.actual: "0"]),
        Template("status class", #"^Expected an? (?<name>\w+) status \(\dxx\) but received (?<actual>\d+)$"#),
        Template(
            "variant",
            #"^Expected the array to contain an item matching variant (?<expected>\d+) \((?<document>.*)\) but none did$"#
        ),
        Template("equality", #"^Expected (?<actual>.+) to be equal to (?<expected>.+)$"#),
        Template("include", #"^Expected (?<actual>.+) to include (?<expected>.+)$"#),
        Template("type", #"^Expected (?<actual>.+) to be the same type as (?<expected>.+)$"#),
        Template("number", #"^Expected (?<actual>.+) to be a number$"#),
        Template("integer", #"^Expected (?<actual>.+) to be an integer$"#),
        Template("decimal", #"^Expected (?<actual>.+) to be a decimal number$"#),
        Template("null", #"^Expected (?<actual>.+) to be null$"#),
        Template("boolean", #"^Expected (?<actual>.+) to be a boolean$"#),
        Template("date", #"^Expected (?<actual>.+) to be a date in the format (?<expected>.+)$"#),
        Template("regex", #"^Expected (?<actual>.+) to match the regular expression (?<expected>.+)$"#),
        Template("semantic version", #"^Expected (?<actual>.+) to be a semantic version \(like .*\)$"#),
        Template("equality", #"^Expected (?<expected>.+) but received (?<actual>.+)$"#),
    ]

    /// Whether `message` (Pactum's) says what `expected` (the reference's wording) says.
    static func says(_ message: String, _ expected: String) -> Bool {
        difference(message, expected) == nil
    }

    /// Nil when `message` says what `expected` says; otherwise why it does not.
    static func difference(_ message: String, _ expected: String) -> String? {
        if message.contains(expected) || normalize(message).contains(normalize(expected)) { return nil }
        guard let reference = read(expected, with: referenceTemplates) else {
            return "no template reads the reference wording '\(expected)', and the message is not that text"
        }
        guard let pactum = readPactum(message) else {
            return "no template reads the message '\(message)'"
        }
        guard reference.kind == pactum.kind else {
            return "the reference is a \(reference.kind) check, the message a \(pactum.kind) check"
        }
        for (role, value) in reference.values {
            guard let said = pactum.values[role] else { return "the message names no \(role) value (\(value))" }
            guard same(reference: value, said, role: role) else {
                return "the \(role) value is \(value) in the reference but \(said) in the message"
            }
        }
        return nil
    }

    /// What Pactum puts before a sentence about a part of a multipart body, a key, a header or query parameter
    /// (`Part '1': `, `Key "100": `, `Header 'X-Test': `); the caller has checked the mismatch's part and path.
    static let pactumContext =
        #"^(?:Part|Key|Query parameter|Header|Form field|Metadata) (?:'[^']*'|"(?:[^"\\]|\\.)*")(?: value \d+)?: "#

    /// Pactum's `message` read with its templates, after any context prefix.
    static func readPactum(_ message: String) -> Reading? {
        var text = message
        if let regex = try? NSRegularExpression(pattern: pactumContext),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let prefix = Range(match.range, in: text)
        {
            text = String(text[prefix.upperBound...])
        }
        return read(text, with: pactumTemplates)
    }

    /// `text` read with the first template that matches it whole.
    static func read(_ text: String, with templates: [Template]) -> Reading? {
        let range = NSRange(text.startIndex..., in: text)
        for template in templates {
            guard let regex = try? NSRegularExpression(pattern: template.pattern),
                let match = regex.firstMatch(in: text, range: range)
            else { continue }
            var values = template.implied
            for role in Role.allCases {
                let group = match.range(withName: role.rawValue)
                if group.location != NSNotFound, let found = Range(group, in: text) {
                    values[role] = String(text[found])
                }
            }
            return Reading(kind: template.kind, values: values)
        }
        return nil
    }

    /// A value as a sentence shows it, read: its text without quotes, and the type named after it (`'a' (String)`).
    struct Value: Equatable {
        var text: String
        var type: String?
    }

    /// The type names the sentences use (the reference capitalises them, Pactum does not; a Map is an object).
    static let typeNames: [String: String] = [
        "string": "string", "integer": "integer", "decimal": "decimal", "boolean": "boolean", "null": "null",
        "array": "array", "object": "object", "map": "object", "number": "number",
    ]

    static func value(_ shown: String) -> Value {
        var text = shown.trimmingCharacters(in: .whitespaces)
        var type: String?
        // `[] (size 0)` and `[] (0 bytes)` name a size: the size is the value (Pactum says `received 0`).
        if let size = captures(in: text, pattern: #"^.* \((?:size )?(\d+)(?: bytes)?\)$"#).first {
            return Value(text: size, type: nil)
        }
        if let close = text.lastIndex(of: ")"), close == text.index(before: text.endIndex),
            let open = text.range(of: " (", options: .backwards)
        {
            if let name = typeNames[String(text[open.upperBound..<close]).lowercased()] {
                type = name
                text = String(text[..<open.lowerBound])
            }
        }
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            text = String(text.dropFirst().dropLast())
        } else if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\""),
            let data = text.data(using: .utf8),
            let decoded = try? JSONDecoder().decode(String.self, from: data)
        {
            text = decoded
        }
        return Value(text: text, type: type)
    }

    /// Whether `said` (Pactum's) is the value `reference` names in role `role`.
    static func same(reference: String, _ said: String, role: Role) -> Bool {
        let expected = value(reference)
        let actual = value(said)
        if let type = expected.type, let other = actual.type, type != other { return false }
        if expected.text == actual.text { return true }
        switch role {
        case .name:
            return expected.text.lowercased() == actual.text.lowercased()
        case .document:
            return json(expected.text) != nil && json(expected.text) == json(actual.text)
        case .actual, .expected:
            if let lhs = json(expected.text), lhs == json(actual.text) { return true }
            // Lists of names: `one, two` against `one, two` however spaced.
            if split(expected.text) == split(actual.text), split(expected.text).count > 1 { return true }
            // The features quote some values as patterns (`'application/json;\s*charset=UTF-8'`).
            return fullyMatches(actual.text, pattern: expected.text)
        }
    }

    static func json(_ text: String) -> NSObject? {
        guard let data = text.data(using: .utf8) else { return nil }
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject
    }

    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func fullyMatches(_ text: String, pattern: String) -> Bool {
        guard !pattern.isEmpty, let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else {
            return false
        }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
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

    static func captures(in text: String, pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
