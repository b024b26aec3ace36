import Foundation
import PactumCore

/// A query string parsed with Rack's nested-query rules, as the Pact Broker parses `/matrix` and
/// `for-verification` queries: `q[][pacticipant]=A&q[][version]=1&q[][pacticipant]=B` gives
/// `{q: [{pacticipant: A, version: 1}, {pacticipant: B}]}` (a new array element starts when a key repeats).
public indirect enum NestedQuery: Sendable, Hashable {
    case string(String)
    case array([NestedQuery])
    case object([String: NestedQuery])

    /// The value as a string, when it is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as an array; a single value reads as a one-element array.
    public var arrayValue: [NestedQuery]? {
        switch self {
        case .array(let items): items
        case .string: [self]
        case .object: nil
        }
    }

    /// The members of an object.
    public var objectValue: [String: NestedQuery]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public subscript(key: String) -> NestedQuery? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Parses a raw query string (without the leading `?`). Malformed pairs are kept as plain keys.
    public static func parse(_ query: String?) -> NestedQuery {
        var root: [String: NestedQuery] = [:]
        guard let query, !query.isEmpty else { return .object(root) }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(parts[0]))
            let value = parts.count > 1 ? decode(String(parts[1])) : ""
            guard !key.isEmpty else { continue }
            let (name, rest) = splitFirst(key)
            root = normalize(root, name: name, rest: rest, value: value)
        }
        return .object(root)
    }

    /// Writes the value back as a Rack nested query (`build_nested_query`).
    public func encoded(prefix: String? = nil) -> String {
        switch self {
        case .string(let value):
            return "\(prefix.map(Self.encode) ?? "")=\(Self.encode(value))"
        case .array(let items):
            let name = (prefix ?? "") + "[]"
            return items.map { $0.encoded(prefix: name) }.joined(separator: "&")
        case .object(let members):
            return members.keys.sorted().compactMap { key in
                guard let value = members[key] else { return nil }
                let name = prefix.map { "\($0)[\(key)]" } ?? key
                return value.encoded(prefix: name)
            }.joined(separator: "&")
        }
    }

    // MARK: - Rack's normalize_params

    private static func splitFirst(_ key: String) -> (String, String) {
        guard let bracket = key.firstIndex(of: "["), bracket != key.startIndex else { return (key, "") }
        return (String(key[..<bracket]), String(key[bracket...]))
    }

    private static func normalize(
        _ params: [String: NestedQuery],
        name: String,
        rest: String,
        value: String
    ) -> [String: NestedQuery] {
        var params = params
        if rest.isEmpty {
            params[name] = .string(value)
        } else if rest == "[]" {
            var items = Self.items(params[name])
            items.append(.string(value))
            params[name] = .array(items)
        } else if rest.hasPrefix("[][") || (rest.hasPrefix("[]") && rest.count > 2) {
            // name[][child]...: add to the last hash unless it already has the child key.
            let childText = String(rest.dropFirst(2))
            let (childName, childRest) = bracketed(childText)
            var items = Self.items(params[name])
            if case .object(let last)? = items.last, !hasKey(last, name: childName, rest: childRest) {
                items[items.count - 1] = .object(normalize(last, name: childName, rest: childRest, value: value))
            } else {
                items.append(.object(normalize([:], name: childName, rest: childRest, value: value)))
            }
            params[name] = .array(items)
        } else {
            let (childName, childRest) = bracketed(rest)
            let existing = Self.members(params[name])
            params[name] = .object(normalize(existing, name: childName, rest: childRest, value: value))
        }
        return params
    }

    private static func items(_ value: NestedQuery?) -> [NestedQuery] {
        if case .array(let items)? = value { return items }
        return []
    }

    private static func members(_ value: NestedQuery?) -> [String: NestedQuery] {
        if case .object(let members)? = value { return members }
        return [:]
    }

    /// `[child]rest` → (`child`, `rest`).
    private static func bracketed(_ text: String) -> (String, String) {
        guard text.hasPrefix("["), let close = text.firstIndex(of: "]") else { return (text, "") }
        let name = String(text[text.index(after: text.startIndex)..<close])
        return (name, String(text[text.index(after: close)...]))
    }

    private static func hasKey(_ object: [String: NestedQuery], name: String, rest: String) -> Bool {
        guard let value = object[name] else { return false }
        if rest.isEmpty || rest == "[]" { return true }
        let (childName, childRest) = bracketed(rest)
        if case .object(let child) = value { return hasKey(child, name: childName, rest: childRest) }
        return true
    }

    private static func decode(_ text: String) -> String { FormURLEncoded.decode(text) }

    private static func encode(_ text: String) -> String { PercentEncoding.queryComponent(text) }
}
