/// A matching-rule path such as `$.animals[*].name`, `$['a b']`, `$.items[0]` or `$.*`.
///
/// Rules apply where their path reaches and to everything below it; when several rules reach
/// a value, the one with the highest weight wins (exact names and indexes weigh 2, wildcards 1,
/// times the number of tokens), as the Pact specification describes.
public struct PathExpression: Hashable, Sendable, CustomStringConvertible {
    enum Token: Hashable, Sendable {
        case root
        case field(String)
        case index(Int)
        case star
        case starIndex
    }

    let tokens: [Token]
    public let description: String

    /// Parses a path; an invalid path is an error naming the position.
    public init(_ text: String) throws(PactError) {
        description = text
        tokens = try PathExpression.parse(text)
    }

    init(tokens: [Token]) {
        self.tokens = tokens
        var text = ""
        for token in tokens {
            switch token {
            case .root: text += "$"
            case .field(let name):
                if name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) && !name.isEmpty {
                    text += "." + name
                } else {
                    // Escaped as the parser reads it back: `\\` and `\'` inside the quotes.
                    // Scalar by scalar: a quote followed by a combining mark is one Character but still a quote.
                    text += "['"
                    for scalar in name.unicodeScalars {
                        if scalar == "\\" || scalar == "'" { text.unicodeScalars.append("\\") }
                        text.unicodeScalars.append(scalar)
                    }
                    text += "']"
                }
            case .index(let i): text += "[\(i)]"
            case .star: text += ".*"
            case .starIndex: text += "[*]"
            }
        }
        description = text
    }

    private static func parse(_ text: String) throws(PactError) -> [Token] {
        // Unicode scalars, not Characters: a name starting with a combining mark must not merge with the quote or
        // the dot before it into one Character.
        let chars = Array(text.unicodeScalars)
        var i = 0
        var tokens: [Token] = []
        func fail(_ message: String) -> PactError {
            PactError.invalidPath(text, "\(message) at position \(i)")
        }
        // A path without `$` is a single name (header, query parameter, metadata key).
        if chars.first != "$" {
            return text.isEmpty ? [] : [.field(text)]
        }
        tokens.append(.root)
        i = 1
        while i < chars.count {
            switch chars[i] {
            case ".":
                i += 1
                guard i < chars.count else { throw fail("expected a name after '.'") }
                if chars[i] == "*" {
                    tokens.append(.star)
                    i += 1
                    continue
                }
                var name = String.UnicodeScalarView()
                while i < chars.count, chars[i] != ".", chars[i] != "[" {
                    name.append(chars[i])
                    i += 1
                }
                guard !name.isEmpty else { throw fail("expected a name after '.'") }
                tokens.append(.field(String(name)))
            case "[":
                i += 1
                guard i < chars.count else { throw fail("unterminated '['") }
                if chars[i] == "'" || chars[i] == "\"" {
                    let quote = chars[i]
                    i += 1
                    var name = String.UnicodeScalarView()
                    while i < chars.count, chars[i] != quote {
                        if chars[i] == "\\", i + 1 < chars.count {
                            i += 1
                        }
                        name.append(chars[i])
                        i += 1
                    }
                    guard i < chars.count else { throw fail("unterminated quoted name") }
                    i += 1
                    guard i < chars.count, chars[i] == "]" else { throw fail("expected ']' after quoted name") }
                    i += 1
                    tokens.append(.field(String(name)))
                } else if chars[i] == "*" {
                    i += 1
                    guard i < chars.count, chars[i] == "]" else { throw fail("expected ']' after '*'") }
                    i += 1
                    tokens.append(.starIndex)
                } else {
                    var digits = ""
                    while i < chars.count, ("0"..."9").contains(chars[i]) {
                        digits.unicodeScalars.append(chars[i])
                        i += 1
                    }
                    guard let index = Int(digits), i < chars.count, chars[i] == "]" else {
                        throw fail("expected an index, '*' or a quoted name inside '[ ]'")
                    }
                    i += 1
                    tokens.append(.index(index))
                }
            default:
                throw fail("unexpected character '\(chars[i])'")
            }
        }
        return tokens
    }

    /// The weight of this expression for a concrete path (0 when it does not reach it).
    func weight(for path: [PathSegment]) -> Int {
        let count = tokens.count
        guard count <= path.count else { return 0 }
        var weight = 1
        var index = 0
        while index < count {
            weight &*= PathExpression.weight(tokens[index], path[index])
            if weight == 0 { return 0 }
            index += 1
        }
        return weight
    }

    /// Whether the expression can still reach a node at or below `path` (the path is a prefix of it).
    func canReach(below path: [PathSegment]) -> Bool {
        guard path.count <= tokens.count else { return false }
        for (token, segment) in zip(tokens, path) where PathExpression.weight(token, segment) == 0 { return false }
        return true
    }

    private static func weight(_ token: Token, _ segment: PathSegment) -> Int {
        switch (token, segment) {
        case (.root, .root): return 2
        case (.field(let name), .field(let actual)): return name == actual ? 2 : 0
        case (.field(let name), .index(let actual)): return name == String(actual) ? 2 : 0
        case (.index(let index), .index(let actual)): return index == actual ? 2 : 0
        case (.index(let index), .field(let actual)): return String(index) == actual ? 2 : 0
        case (.starIndex, .index): return 1
        case (.star, .field), (.star, .index): return 1
        default: return 0
        }
    }

    /// The expression with the leading `$` removed and a field name at the front, for V2 `$.body…` paths.
    var count: Int { tokens.count }
}

/// One step of a concrete path into a document.
public enum PathSegment: Hashable, Sendable {
    case root
    case field(String)
    case index(Int)
}

extension Array where Element == PathSegment {
    /// `$.a[0].b` style rendering used in mismatches.
    var pathString: String {
        var text = ""
        for segment in self {
            switch segment {
            case .root: text += "$"
            case .field(let name):
                if !name.isEmpty,
                    name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
                {
                    text += "." + name
                } else {
                    text += "['" + name + "']"
                }
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }
}

extension PathExpression {
    /// A step of a rule path, for building paths in code.
    public enum Segment: Hashable, Sendable {
        case root
        case field(String)
        case index(Int)
        /// `[*]`: every item of an array.
        case anyIndex
        /// `.*`: every value of a map.
        case anyField
    }

    /// The path text for the segments, e.g. `$.items[*].name` or `$['a key']`.
    public static func text(_ segments: [Segment]) -> String {
        PathExpression(
            tokens: segments.map { segment in
                switch segment {
                case .root: return .root
                case .field(let name): return .field(name)
                case .index(let index): return .index(index)
                case .anyIndex: return .starIndex
                case .anyField: return .star
                }
            }
        ).description
    }
}
