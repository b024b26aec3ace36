import PactumCore

/// Small builders shared by the `Matcher*Tests` suites: JSON from text, bodies with rules added
/// programmatically, and requests/responses/messages read from their wire form.
enum MatcherFixtures {
    struct FixtureError: Error, CustomStringConvertible {
        let description: String
    }

    /// Parses JSON text (test fixtures are always valid; a typo fails the test, it does not crash).
    static func json(_ text: String) throws -> JSONValue {
        try JSONParser.parse(text)
    }

    /// Parses JSON text that must be an object (the wire form of a request, response or message).
    static func object(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let object) = try JSONParser.parse(text) else {
            throw FixtureError(description: "the fixture is not a JSON object: \(text)")
        }
        return object
    }

    static func request(_ text: String, _ specification: PactSpecification = .v3) throws -> HTTPRequest {
        try HTTPRequest(json: try object(text), specification: specification)
    }

    static func response(_ text: String, _ specification: PactSpecification = .v3) throws -> HTTPResponse {
        try HTTPResponse(json: try object(text), specification: specification)
    }

    static func message(_ text: String, _ specification: PactSpecification = .v3) throws -> Message {
        try Message(json: try object(text), specification: specification)
    }

    /// Body rules built with `MatchingRules.add`, one `(path, rule)` pair at a time.
    static func bodyRules(_ pairs: [(String, MatchingRule)], logic: RuleLogic = .and) throws -> MatchingRules {
        var rules = MatchingRules()
        for (path, rule) in pairs { try rules.add(rule, category: "body", path: path, logic: logic) }
        return rules
    }

    /// Matches JSON response bodies (lenient: unexpected keys allowed) under body rules.
    static func responseBody(
        _ expected: JSONValue,
        _ actual: JSONValue,
        _ pairs: [(String, MatchingRule)] = [],
        logic: RuleLogic = .and
    ) throws -> [Mismatch] {
        let rules = try bodyRules(pairs, logic: logic)
        return PactMatcher.match(
            expected: HTTPResponse(body: .json(expected), matchingRules: rules),
            actual: HTTPResponse(body: .json(actual))
        )
    }

    /// Matches JSON request bodies (strict: unexpected keys fail) under body rules.
    static func requestBody(
        _ expected: JSONValue,
        _ actual: JSONValue,
        _ pairs: [(String, MatchingRule)] = [],
        logic: RuleLogic = .and
    ) throws -> [Mismatch] {
        let rules = try bodyRules(pairs, logic: logic)
        return PactMatcher.match(
            expected: HTTPRequest(method: "POST", path: "/", body: .json(expected), matchingRules: rules),
            actual: HTTPRequest(method: "POST", path: "/", body: .json(actual))
        )
    }

    /// Checks one value under one rule: `{"v": expected}` against `{"v": actual}` with the rule at `$.v`.
    static func value(_ rule: MatchingRule, _ expected: JSONValue, _ actual: JSONValue) throws -> [Mismatch] {
        try responseBody(["v": expected], ["v": actual], [("$.v", rule)])
    }

    /// The messages of the mismatches, in order.
    static func messages(_ mismatches: [Mismatch]) -> [String] { mismatches.map(\.message) }
}
