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
    public private(set) var rules: [String: RuleList] = [:]
    private var expressions: [String: PathExpression] = [:]

    public init() {}

    public init(_ rules: [String: RuleList]) throws(PactError) {
        for (path, list) in rules { try add(list, at: path) }
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Adds (appends to) the rules at `path`.
    public mutating func add(_ list: RuleList, at path: String) throws(PactError) {
        if expressions[path] == nil { expressions[path] = try PathExpression(path) }
        if var existing = rules[path] {
            existing.rules.append(contentsOf: list.rules)
            existing.logic = list.logic
            rules[path] = existing
        } else {
            rules[path] = list
        }
    }

    public mutating func add(_ rule: MatchingRule, at path: String, logic: RuleLogic = .and) throws(PactError) {
        try add(RuleList([rule], logic: logic), at: path)
    }

    public subscript(path: String) -> RuleList? { rules[path] }

    public static func == (lhs: MatchingRuleCategory, rhs: MatchingRuleCategory) -> Bool { lhs.rules == rhs.rules }
    public func hash(into hasher: inout Hasher) { hasher.combine(rules) }

    /// The best rule list for a concrete path in a document (body, metadata), by path weight.
    func bestRules(for path: [PathSegment]) -> RuleList? {
        var best: (score: Int, length: Int, key: String, list: RuleList)?
        for (key, list) in rules {
            guard let expression = expressions[key] else { continue }
            let weight = expression.weight(for: path)
            guard weight > 0 else { continue }
            let score = weight * expression.count
            if let current = best {
                if score < current.score { continue }
                if score == current.score, expression.count < current.length { continue }
                if score == current.score, expression.count == current.length, key > current.key { continue }
            }
            best = (score, expression.count, key, list)
        }
        guard var result = best else { return nil }
        result.list.cascaded = result.length != path.count
        return result.list
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
        for expression in expressions.values {
            best = max(best, expression.weight(for: path) * expression.count)
        }
        return best
    }

    /// Whether any rule reaches the path.
    func isDefined(for path: [PathSegment]) -> Bool {
        for expression in expressions.values where expression.weight(for: path) > 0 { return true }
        return false
    }

    /// The rules defined exactly at the path (not cascaded from a parent).
    func exactRules(for path: [PathSegment]) -> RuleList? {
        guard let best = bestRules(for: path), !best.cascaded else { return nil }
        return best
    }

    /// Rules for a named item (header, query parameter), compared case-insensitively when asked.
    func rules(forName name: String, caseInsensitive: Bool) -> RuleList? {
        if let list = rules[name] { return list }
        if caseInsensitive {
            let lower = name.lowercased()
            for (key, list) in rules where key.lowercased() == lower { return list }
        }
        // Names written as paths (`$.name`, `$['name']`).
        for (key, list) in rules where key.hasPrefix("$") {
            if let expression = expressions[key], expression.tokens.count == 2,
                case .field(let field) = expression.tokens[1],
                caseInsensitive ? field.lowercased() == name.lowercased() : field == name
            {
                return list
            }
        }
        return nil
    }

    /// Rules for the item at `index` of a repeated named value (`name[1]`, `$.name[1]`).
    func rules(forName name: String, index: Int, caseInsensitive: Bool) -> RuleList? {
        for (key, list) in rules {
            guard let expression = expressions[key] else { continue }
            var tokens = expression.tokens
            if tokens.first == .root { tokens.removeFirst() }
            guard tokens.count == 2, case .field(let field) = tokens[0],
                caseInsensitive ? field.lowercased() == name.lowercased() : field == name
            else { continue }
            if tokens[1] == .index(index) || tokens[1] == .starIndex || tokens[1] == .star { return list }
        }
        return nil
    }

    /// The single rule list of a `path` or `status` category.
    var singleList: RuleList? { rules[""] ?? rules.values.first }
}

/// All matching rules of a request, response or message, by category.
public struct MatchingRules: Hashable, Sendable {
    public var categories: [String: MatchingRuleCategory] = [:]

    public init() {}

    public var isEmpty: Bool { categories.values.allSatisfy(\.isEmpty) }

    public subscript(category: String) -> MatchingRuleCategory {
        get { categories[category] ?? MatchingRuleCategory() }
        set { categories[category] = newValue.isEmpty ? nil : newValue }
    }

    /// Adds a rule; `path` is a body/metadata path (`$.a.b`), a header or query name, or `""` for path/status.
    public mutating func add(_ rule: MatchingRule, category: String, path: String, logic: RuleLogic = .and)
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
    public var categories: [String: [String: Generator]] = [:]

    public init() {}

    public var isEmpty: Bool { categories.values.allSatisfy(\.isEmpty) }

    public subscript(category: String) -> [String: Generator] {
        get { categories[category] ?? [:] }
        set { categories[category] = newValue.isEmpty ? nil : newValue }
    }

    public mutating func add(_ generator: Generator, category: String, path: String) {
        categories[category, default: [:]][path] = generator
    }
}
