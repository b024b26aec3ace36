import PactumCore

/// A request that matched an interaction.
public struct MatchedRequest: Hashable, Sendable {
    public var interaction: Interaction
    public var request: HTTPRequest
}

/// A request for which interactions with its method and path exist, but none matched.
public struct MismatchedRequest: Hashable, Sendable {
    public var request: HTTPRequest
    /// The interaction it came closest to (fewest mismatches).
    public var closest: Interaction
    public var mismatches: [Mismatch]
}

/// What a mock server saw: matched, mismatched and unexpected requests, and interactions never called.
public struct MockServerResults: Hashable, Sendable {
    public var matched: [MatchedRequest] = []
    public var mismatched: [MismatchedRequest] = []
    public var unexpected: [HTTPRequest] = []
    /// Interactions no request matched.
    public var missing: [Interaction] = []

    public init(
        matched: [MatchedRequest] = [],
        mismatched: [MismatchedRequest] = [],
        unexpected: [HTTPRequest] = [],
        missing: [Interaction] = []
    ) {
        self.matched = matched
        self.mismatched = mismatched
        self.unexpected = unexpected
        self.missing = missing
    }

    /// True when every interaction was called and every request matched.
    public var allMatched: Bool { mismatched.isEmpty && unexpected.isEmpty && missing.isEmpty }

    /// One problem per entry, each a readable paragraph with an expected/actual diff.
    public var problems: [String] {
        var problems: [String] = []
        for item in mismatched {
            var text =
                "\(item.request.method.uppercased()) \(item.request.path) did not match '\(item.closest.description)':"
            for mismatch in item.mismatches {
                text += "\n  - \(mismatch.location): \(mismatch.message)"
                if let expected = mismatch.expected, let actual = mismatch.actual, expected != actual {
                    text += "\n      expected: \(expected)\n      actual:   \(actual)"
                }
            }
            problems.append(text)
        }
        for request in unexpected {
            var text = "Unexpected request \(request.method.uppercased()) \(request.path)"
            if let query = request.query, !query.isEmpty { text += "?" + QueryString.format(query) }
            text += ": no interaction expects it"
            problems.append(text)
        }
        // An interaction whose request arrived but did not match is reported once, as that mismatch, not a second
        // time as "never called".
        let attempted = Set(mismatched.map(\.closest))
        for interaction in missing where !attempted.contains(interaction) {
            guard case .http(let request, _) = interaction.kind else { continue }
            problems.append(
                "Interaction '\(interaction.description)' was never called: expected \(request.method.uppercased()) \(request.path)"
            )
        }
        return problems
    }

    /// All problems as one report (empty when everything matched).
    public var report: String { problems.joined(separator: "\n") }
}
