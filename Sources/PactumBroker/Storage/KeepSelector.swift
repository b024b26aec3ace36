import Foundation
import PactumCore

/// Which pacticipant versions `pactum broker clean` keeps: the Pact Broker's clean "keep" selectors.
///
/// A version is kept when any selector selects it; versions that were ever deployed or released are always kept.
/// Properties combine with "and": `{"tag": "main", "max_age": 30}` keeps the `main` versions younger than 30 days.
public struct KeepSelector: Sendable, Hashable, CustomStringConvertible {
    /// A branch or tag condition: any branch/tag (`true`) or a named one.
    public enum NameMatch: Sendable, Hashable {
        case any
        case named(String)
    }

    /// Only versions of this pacticipant.
    public var pacticipant: String?
    /// Versions on a branch (any, or the named one).
    public var branch: NameMatch?
    /// Versions with a tag (any, or the named one).
    public var tag: NameMatch?
    /// Versions on their pacticipant's main branch.
    public var mainBranch: Bool
    /// Only the newest selected version per pacticipant (and per branch / tag name when those are given).
    public var latest: Bool
    /// Versions created less than this many days ago.
    public var maxAgeDays: Int?
    /// Versions ever deployed to an environment.
    public var deployed: Bool
    /// Versions ever released to an environment.
    public var released: Bool

    public init(
        pacticipant: String? = nil,
        branch: NameMatch? = nil,
        tag: NameMatch? = nil,
        mainBranch: Bool = false,
        latest: Bool = false,
        maxAgeDays: Int? = nil,
        deployed: Bool = false,
        released: Bool = false
    ) {
        self.pacticipant = pacticipant
        self.branch = branch
        self.tag = tag
        self.mainBranch = mainBranch
        self.latest = latest
        self.maxAgeDays = maxAgeDays
        self.deployed = deployed
        self.released = released
    }

    /// The selectors used when none are given: every version younger than 90 days, the latest version of every
    /// pacticipant, of every branch and of every tag (deployed and released versions are always kept).
    public static let defaults: [KeepSelector] = [
        KeepSelector(maxAgeDays: 90),
        KeepSelector(latest: true),
        KeepSelector(branch: .any, latest: true),
        KeepSelector(tag: .any, latest: true),
    ]

    /// Always added: what was deployed or released may be rolled back to.
    static let always: [KeepSelector] = [KeepSelector(deployed: true), KeepSelector(released: true)]

    /// The selector as the Pact Broker writes it.
    public var description: String {
        func name(_ match: NameMatch) -> JSONValue {
            if case .named(let name) = match { return .string(name) }
            return true
        }
        var members: [String: JSONValue] = [:]
        if let pacticipant { members["pacticipant"] = .string(pacticipant) }
        if let branch { members["branch"] = name(branch) }
        if let tag { members["tag"] = name(tag) }
        if mainBranch { members["mainBranch"] = true }
        if latest { members["latest"] = true }
        if let maxAgeDays { members["max_age"] = .integer(maxAgeDays) }
        if deployed { members["deployed"] = true }
        if released { members["released"] = true }
        return JSONWriter.compact(.object(members))
    }

    /// Parses one selector object or an array of them (`--keep '{"tag": "main", "max_age": 30}'`).
    public static func parse(_ text: String) throws(KeepSelectorError) -> [KeepSelector] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            throw KeepSelectorError(selector: text, problem: "it is not valid JSON (\(error))")
        }
        switch value {
        case .array(let items):
            var selectors: [KeepSelector] = []
            for item in items { selectors.append(try parse(item, text: text)) }
            return selectors
        default:
            return [try parse(value, text: text)]
        }
    }

    static func parse(_ value: JSONValue, text: String) throws(KeepSelectorError) -> KeepSelector {
        guard case .object(let members) = value else {
            throw KeepSelectorError(selector: text, problem: "a selector must be a JSON object, not \(value.typeName)")
        }
        func flag(_ key: String) throws(KeepSelectorError) -> Bool {
            switch members[key] {
            case nil, .null: return false
            case .bool(let flag): return flag
            default: throw KeepSelectorError(selector: text, problem: "'\(key)' must be true or false")
            }
        }
        func match(_ key: String) throws(KeepSelectorError) -> NameMatch? {
            switch members[key] {
            case nil, .null, .bool(false): return nil
            case .bool(true): return .any
            case .string(let name) where !name.trimmingCharacters(in: .whitespaces).isEmpty:
                return .named(name.trimmingCharacters(in: .whitespaces))
            default:
                throw KeepSelectorError(selector: text, problem: "'\(key)' must be a name or true")
            }
        }
        let known: Set<String> = [
            "pacticipant", "branch", "tag", "mainBranch", "latest", "max_age", "maxAge", "deployed", "released",
        ]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw KeepSelectorError(
                selector: text,
                problem: "'\(unknown)' is not a keep selector property (use \(known.sorted().joined(separator: ", ")))"
            )
        }
        var selector = KeepSelector()
        switch members["pacticipant"] {
        case nil, .null: break
        case .string(let name) where !name.isEmpty: selector.pacticipant = name
        default: throw KeepSelectorError(selector: text, problem: "'pacticipant' must be a pacticipant name")
        }
        selector.branch = try match("branch")
        selector.tag = try match("tag")
        selector.mainBranch = try flag("mainBranch")
        selector.latest = try flag("latest")
        selector.deployed = try flag("deployed")
        selector.released = try flag("released")
        switch members["max_age"] ?? members["maxAge"] {
        case nil, .null: break
        case .some(let value) where (value.intValue.map { (0..<1_000_000).contains($0) } ?? false) && !value.isString:
            selector.maxAgeDays = value.intValue
        default:
            throw KeepSelectorError(selector: text, problem: "'max_age' must be a whole number of days")
        }
        if selector.latest, selector.maxAgeDays != nil {
            throw KeepSelectorError(
                selector: text,
                problem: "'latest' and 'max_age' cannot be used together (use two selectors)"
            )
        }
        return selector
    }
}

extension JSONValue {
    fileprivate var isString: Bool { stringValue != nil }
}

/// A keep selector that cannot be used.
public struct KeepSelectorError: Error, CustomStringConvertible, Sendable {
    public var selector: String
    public var problem: String
    public var description: String { "Invalid keep selector \(selector): \(problem)" }
}
