/// How the rules of one list combine: all must pass (AND, the default) or any (OR).
public enum RuleLogic: String, Hashable, Sendable {
    case and = "AND"
    case or = "OR"
}

/// The rules that apply at one path.
public struct RuleList: Hashable, Sendable {
    public var rules: [MatchingRule]
    public var logic: RuleLogic
    /// True when the rules were defined on a parent of the path being matched (cascaded),
    /// so array-length limits and map-value rules do not apply here.
    var cascaded: Bool = false

    public init(_ rules: [MatchingRule], logic: RuleLogic = .and) {
        self.rules = rules
        self.logic = logic
    }

    public static func == (lhs: RuleList, rhs: RuleList) -> Bool { lhs.rules == rhs.rules && lhs.logic == rhs.logic }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(rules)
        hasher.combine(logic)
    }

    public var isEmpty: Bool { rules.isEmpty }
}

/// The rules of one category (`body`, `header`, `query`, `path`, `status`, `metadata`, …), keyed by path.
///
/// For `path` and `status` the single rule list has the key `""`. Header keys are compared without
/// regard to case.
public struct MatchingRuleCategory: Hashable, Sendable {
    /// One path with its parsed expression and rules. Kept sorted by key, so lookups are deterministic
    /// and cheap (no hashing on the matching hot path).
    struct Entry: Sendable {
        var key: String
        var expression: PathExpression
        var list: RuleList
    }

    private(set) var entries: [Entry] = []

    public init() {}

    public init(_ rules: [String: RuleList]) throws(PactError) {
        for (path, list) in rules { try add(list, at: path) }
    }

    /// The rule lists by path.
    public var rules: [String: RuleList] {
        var result: [String: RuleList] = [:]
        for entry in entries { result[entry.key] = entry.list }
        return result
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Adds the rules at `path`, after any already there. The list's logic (AND/OR) replaces the existing one.
    public mutating func add(_ list: RuleList, at path: String) throws(PactError) {
        if let index = entries.firstIndex(where: { $0.key == path }) {
            entries[index].list.rules.append(contentsOf: list.rules)
            entries[index].list.logic = list.logic
            return
        }
        let entry = Entry(key: path, expression: try PathExpression(path), list: list)
        let position = entries.firstIndex { $0.key > path } ?? entries.endIndex
        entries.insert(entry, at: position)
    }

    public mutating func add(_ rule: MatchingRule, at path: String, logic: RuleLogic = .and) throws(PactError) {
        try add(RuleList([rule], logic: logic), at: path)
    }

    public subscript(path: String) -> RuleList? { entries.first { $0.key == path }?.list }

    public static func == (lhs: MatchingRuleCategory, rhs: MatchingRuleCategory) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.list == $1.list }
    }

    public func hash(into hasher: inout Hasher) {
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.list)
        }
    }

    /// The best rule list for a concrete path in a document (body, metadata), by path weight:
    /// the highest weight × length wins, then the longer path, then the first key in order.
    func bestRules(for path: [PathSegment]) -> RuleList? {
        var best: (score: Int, length: Int, index: Int)?
        for index in entries.indices {
            let expression = entries[index].expression
            let weight = expression.weight(for: path)
            guard weight > 0 else { continue }
            let score = weight * expression.count
            if let current = best {
                if score < current.score { continue }
                if score == current.score, expression.count <= current.length { continue }
            }
            best = (score, expression.count, index)
        }
        guard let best else { return nil }
        var list = entries[best.index].list
        list.cascaded = best.length != path.count
        return list
    }

    /// The best rule list over several spellings of one location (XML elements are reachable both as
    /// `$.a.b` and as `$.a[0].b`); the highest-scoring path wins.
    func bestRules(forAnyOf paths: [[PathSegment]]) -> RuleList? {
        var best: (score: Int, list: RuleList)?
        for path in paths {
            guard let list = bestRules(for: path) else { continue }
            let score = bestScore(for: path)
            if best == nil || score > best!.score { best = (score, list) }
        }
        return best?.list
    }

    private func bestScore(for path: [PathSegment]) -> Int {
        var best = 0
        for entry in entries {
            best = max(best, entry.expression.weight(for: path) * entry.expression.count)
        }
        return best
    }

    /// Whether any rule reaches the path.
    func isDefined(for path: [PathSegment]) -> Bool {
        for entry in entries where entry.expression.weight(for: path) > 0 { return true }
        return false
    }

    /// The rules defined exactly at the path (not cascaded from a parent).
    func exactRules(for path: [PathSegment]) -> RuleList? {
        guard let best = bestRules(for: path), !best.cascaded else { return nil }
        return best
    }

    /// Rules for a named item (header, query parameter), compared case-insensitively when asked.
    func rules(forName name: String, caseInsensitive: Bool) -> RuleList? {
        if let list = self[name] { return list }
        if caseInsensitive {
            let lower = name.lowercased()
            for entry in entries where entry.key.lowercased() == lower { return entry.list }
        }
        // Names written as paths (`$.name`, `$['name']`).
        for entry in entries where entry.key.hasPrefix("$") {
            let tokens = entry.expression.tokens
            if tokens.count == 2, case .field(let field) = tokens[1],
                caseInsensitive ? field.lowercased() == name.lowercased() : field == name
            {
                return entry.list
            }
        }
        return nil
    }

    /// Rules for the item at `index` of a repeated named value (`name[1]`, `$.name[1]`).
    func rules(forName name: String, index: Int, caseInsensitive: Bool) -> RuleList? {
        for entry in entries {
            let list = entry.list
            var tokens = entry.expression.tokens
            if tokens.first == .root { tokens.removeFirst() }
            guard tokens.count == 2, case .field(let field) = tokens[0],
                caseInsensitive ? field.lowercased() == name.lowercased() : field == name
            else { continue }
            if tokens[1] == .index(index) || tokens[1] == .starIndex || tokens[1] == .star { return list }
        }
        return nil
    }

    /// The single rule list of a `path` or `status` category.
    var singleList: RuleList? { self[""] ?? entries.first?.list }
}

/// Where in a request, response or message matching rules and generators apply: a Pact file's category name
/// (`"body"` in `matchingRules.body`).
///
/// Use the static members (`.body`, `.header`, …); a category this version does not know (from a newer
/// specification or a plugin) is kept by name and written back.
public struct RuleCategory: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The name in Pact files.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The request method (V4 `method` rules and generators).
    public static let method = RuleCategory(rawValue: "method")
    /// The request path (a rule list for the whole path).
    public static let path = RuleCategory(rawValue: "path")
    /// Query parameters, by name.
    public static let query = RuleCategory(rawValue: "query")
    /// Headers, by name (case-insensitive).
    public static let header = RuleCategory(rawValue: "header")
    /// The body, by JSON path (`$.items[*].id`).
    public static let body = RuleCategory(rawValue: "body")
    /// The response status (a rule list for the status).
    public static let status = RuleCategory(rawValue: "status")
    /// Message metadata, by key.
    public static let metadata = RuleCategory(rawValue: "metadata")
    /// Message contents, by JSON path (V3 messages; V4 uses `body`).
    public static let content = RuleCategory(rawValue: "content")

    public var description: String { rawValue }
    public static func < (lhs: RuleCategory, rhs: RuleCategory) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// All matching rules of a request, response or message, by category.
public struct MatchingRules: Hashable, Sendable {
    public var categories: [RuleCategory: MatchingRuleCategory] = [:]

    public init() {}

    public var isEmpty: Bool { categories.values.allSatisfy(\.isEmpty) }

    public subscript(category: RuleCategory) -> MatchingRuleCategory {
        get { categories[category] ?? MatchingRuleCategory() }
        set { categories[category] = newValue.isEmpty ? nil : newValue }
    }

    /// Adds a rule; `path` is a body/metadata path (`$.a.b`), a header or query name, or `""` for path/status.
    public mutating func add(
        _ rule: MatchingRule,
        category: RuleCategory,
        path: String,
        logic: RuleLogic = .and
    )
        throws(PactError)
    {
        var cat = self[category]
        try cat.add(rule, at: path, logic: logic)
        self[category] = cat
    }
}

/// All generators of a request, response or message, by category and path.
public struct Generators: Hashable, Sendable {
    /// category → path (`$.id`, a header name, or `""` for path/status) → generator.
    public var categories: [RuleCategory: [String: Generator]] = [:]

    public init() {}

    public var isEmpty: Bool { categories.values.allSatisfy(\.isEmpty) }

    public subscript(category: RuleCategory) -> [String: Generator] {
        get { categories[category] ?? [:] }
        set { categories[category] = newValue.isEmpty ? nil : newValue }
    }

    public mutating func add(_ generator: Generator, category: RuleCategory, path: String) {
        categories[category, default: [:]][path] = generator
    }
}
