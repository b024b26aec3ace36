import Foundation
import PactumBrokerWire
import PactumCore

extension ConsumerVersionSelector {
    /// The selectors the broker uses when a request names none: the latest pact of each consumer's main branch
    /// (resolved per consumer by the caller), plus everything deployed or released.
    static let defaults: [ConsumerVersionSelector] = [
        ConsumerVersionSelector(mainBranch: true), ConsumerVersionSelector(deployed: true),
        ConsumerVersionSelector(released: true),
    ]

    /// True when the selector picks only the newest version per consumer.
    var selectsLatest: Bool {
        mainBranch == true || branch != nil || matchingBranch == true || (latest == true)
    }
}

/// Reading a pacts-for-verification request as the broker validates it (camelCase or snake_case keys, a POST body
/// or a GET query).
extension PactsForVerificationRequest {
    /// Parses and validates a POST body (camelCase keys, snake_case accepted).
    init(json: JSONValue) throws(BrokerError) {
        guard case .object = json else {
            throw BrokerError.badRequest("The request body must be a JSON object, not \(json.typeName)")
        }
        try self.init(lookup: { key in Field(json: json[key] ?? json[Self.snake(key)]) })
    }

    /// Parses and validates the query of a GET (Rack nested query, camelCase or snake_case keys).
    init(query: NestedQuery) throws(BrokerError) {
        try self.init(lookup: { key in Field(query: query[key] ?? query[Self.snake(key)]) })
    }

    /// A value read from JSON or from a nested query, whichever the request used.
    struct Field {
        var json: JSONValue?
        var query: NestedQuery?
        init(json: JSONValue?) { self.json = json }
        init(query: NestedQuery?) { self.query = query }
        var isPresent: Bool { (json != nil && json != .null) || query != nil }
        var string: String? { json?.stringValue ?? query?.stringValue }
        var bool: Bool? {
            if let value = json?.boolValue { return value }
            switch json?.stringValue ?? query?.stringValue {
            case "true": return true
            case "false": return false
            default: return nil
            }
        }
        var strings: [String]? {
            if let items = json?.arrayValue { return items.compactMap(\.stringValue) }
            if let items = query?.arrayValue { return items.compactMap(\.stringValue) }
            return nil
        }
        var items: [Field]? {
            if let items = json?.arrayValue { return items.map { Field(json: $0) } }
            if let items = query?.arrayValue { return items.map { Field(query: $0) } }
            return nil
        }
        func member(_ key: String) -> Field {
            if let json { return Field(json: json[key] ?? json[snake(key)]) }
            return Field(query: query?[key] ?? query?[snake(key)])
        }
        var isObject: Bool { json?.objectValue != nil || query?.objectValue != nil }
    }

    /// The most consumer version selectors (and provider version tags) one request may have.
    static let maximumSelectors = 100

    private init(lookup: (String) -> Field) throws(BrokerError) {
        var errors: [String: [String]] = [:]
        func add(_ field: String, _ message: String) { errors[field, default: []].append(message) }

        let branchField = lookup("providerVersionBranch")
        let providerVersionBranch = branchField.string
        let providerVersionTags = lookup("providerVersionTags").strings ?? []
        if providerVersionTags.count > Self.maximumSelectors {
            add("providerVersionTags", "has \(providerVersionTags.count) tags; the limit is \(Self.maximumSelectors)")
            throw BrokerError.validation(errors)
        }
        let includePendingStatus = lookup("includePendingStatus").bool ?? false
        let includeWipPactsSince = lookup("includeWipPactsSince").string
        if branchField.isPresent, branchField.string == nil {
            add("providerVersionBranch", "must be a string")
        }
        if let branch = providerVersionBranch, branch.trimmingCharacters(in: .whitespaces).isEmpty {
            add("providerVersionBranch", "cannot be blank")
        }
        if let since = includeWipPactsSince, BrokerClock.parse(since) == nil {
            add("includeWipPactsSince", "'\(since)' is not a valid date (use e.g. 2024-01-31 or 2024-01-31T10:00:00Z)")
        }

        var selectors: [ConsumerVersionSelector] = []
        let selectorsField = lookup("consumerVersionSelectors")
        if selectorsField.isPresent {
            guard let items = selectorsField.items else {
                add("consumerVersionSelectors", "must be an array")
                throw BrokerError.validation(errors)
            }
            // Each selector is a query: an unbounded list would let one reader hold the database (the security
            // review sent 520,000). Real pipelines use a handful.
            guard items.count <= Self.maximumSelectors else {
                add(
                    "consumerVersionSelectors",
                    "has \(items.count) selectors; the limit is \(Self.maximumSelectors) (combine them: one branch, "
                        + "tag or environment selector covers every consumer)"
                )
                throw BrokerError.validation(errors)
            }
            for (index, item) in items.enumerated() {
                let path = "consumerVersionSelectors[\(index)]"
                guard item.isObject else {
                    add(path, "must be an object")
                    continue
                }
                var messages: [String] = []
                let selector = Self.parseSelector(item, messages: &messages, providerBranch: providerVersionBranch)
                for message in messages { add(path, message) }
                if let selector { selectors.append(selector) }
            }
        }
        guard errors.isEmpty else { throw BrokerError.validation(errors) }
        self.init(
            consumerVersionSelectors: selectors,
            providerVersionBranch: providerVersionBranch,
            providerVersionTags: providerVersionTags,
            includePendingStatus: includePendingStatus,
            includeWipPactsSince: includeWipPactsSince
        )
    }

    private static func parseSelector(
        _ item: Field,
        messages: inout [String],
        providerBranch: String?
    ) -> ConsumerVersionSelector? {
        var selector = ConsumerVersionSelector()
        func string(_ key: String) -> String? {
            let field = item.member(key)
            guard field.isPresent else { return nil }
            guard let value = field.string else {
                messages.append("\(key) must be a string")
                return nil
            }
            if value.trimmingCharacters(in: .whitespaces).isEmpty { messages.append("\(key) cannot be blank") }
            return value
        }
        func bool(_ key: String, onlyTrue: Bool = false) -> Bool? {
            let field = item.member(key)
            guard field.isPresent else { return nil }
            guard let value = field.bool else {
                messages.append("\(key) must be \(onlyTrue ? "true" : "a boolean")")
                return nil
            }
            if onlyTrue, !value { messages.append("\(key) can only be set to true") }
            return value
        }
        selector.mainBranch = bool("mainBranch", onlyTrue: true)
        // `branch: true` is not a branch name; treat it as an error.
        selector.branch = string("branch")
        selector.fallbackBranch = string("fallbackBranch")
        selector.matchingBranch = bool("matchingBranch", onlyTrue: true)
        selector.tag = string("tag")
        selector.fallbackTag = string("fallbackTag")
        selector.latest = bool("latest")
        selector.deployed = bool("deployed", onlyTrue: true)
        selector.released = bool("released", onlyTrue: true)
        selector.deployedOrReleased = bool("deployedOrReleased", onlyTrue: true)
        selector.environment = string("environment")
        selector.consumer = string("consumer")
        let before = messages.count
        validate(selector, providerBranch: providerBranch, messages: &messages)
        return messages.count == before ? selector : nil
    }

    /// The Pact Broker's `ConsumerVersionSelectorContract` rules.
    static func validate(_ s: ConsumerVersionSelector, providerBranch: String?, messages: inout [String]) {
        let hasSelectingKey =
            s.mainBranch != nil || s.tag != nil || s.branch != nil || s.environment != nil || s.matchingBranch != nil
            || s.deployed != nil || s.released != nil || s.deployedOrReleased != nil || s.latest == true
        if !hasSelectingKey {
            messages.append(
                "must specify a value for environment or tag or branch, or specify mainBranch=true, "
                    + "matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true"
            )
            return
        }
        let branchKeys =
            s.latest != nil || s.tag != nil || s.fallbackTag != nil || s.branch != nil || s.fallbackBranch != nil
            || s.matchingBranch != nil || s.mainBranch != nil
        let environmentKeys =
            s.environment != nil || s.deployed != nil || s.released != nil || s.deployedOrReleased != nil
        if branchKeys, environmentKeys {
            messages.append(
                "cannot specify a branch, tag or latest key together with an environment, deployed, released "
                    + "or deployedOrReleased key"
            )
        }
        if [s.deployed, s.released, s.deployedOrReleased].compactMap({ $0 }).count > 1 {
            messages.append("deployed, released and deployedOrReleased cannot be combined")
        }
        if s.mainBranch != nil {
            if s.tag != nil || s.branch != nil || s.fallbackTag != nil || s.fallbackBranch != nil
                || s.matchingBranch != nil
            {
                messages.append("mainBranch can only be combined with consumer (and latest: true)")
            }
            if s.latest == false { messages.append("cannot specify mainBranch=true with latest=false") }
        }
        if s.matchingBranch != nil {
            if s.tag != nil || s.branch != nil || s.fallbackTag != nil || s.fallbackBranch != nil {
                messages.append("matchingBranch can only be combined with consumer")
            }
            if providerBranch == nil {
                messages.append("matchingBranch requires providerVersionBranch to be set in the request")
            }
        }
        if s.branch != nil {
            if s.tag != nil { messages.append("cannot specify both a tag and a branch") }
            if s.latest == false { messages.append("cannot specify a branch with latest=false") }
        }
        if s.fallbackBranch != nil, s.branch == nil {
            messages.append("fallbackBranch can only be set if branch is also set")
        }
        if s.fallbackTag != nil, !(s.tag != nil && s.latest == true) {
            messages.append("fallbackTag can only be set if tag is set and latest is true")
        }
    }

    /// `providerVersionBranch` → `provider_version_branch`.
    static func snake(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

private func snake(_ key: String) -> String { PactsForVerificationRequest.snake(key) }
