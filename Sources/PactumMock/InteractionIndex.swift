import PactumCore

/// Finds the HTTP interactions a request could be meant for without trying every interaction.
///
/// Interactions are indexed by method and exact path; those whose path has matching rules (a regex
/// path) are kept per method and tried after the exact ones. Looking a request up costs the same
/// with ten interactions or ten thousand.
struct InteractionIndex: Sendable {
    struct Entry: Sendable {
        var position: Int
        var interaction: Interaction
        var request: HTTPRequest
        var response: HTTPResponse
    }

    private(set) var entries: [Entry] = []
    private var byMethodAndPath: [String: [Int]] = [:]
    private var patternedByMethod: [String: [Int]] = [:]

    init(_ interactions: [Interaction]) {
        for interaction in interactions {
            guard case .http(let request, let response) = interaction.kind else { continue }
            let index = entries.count
            entries.append(Entry(position: index, interaction: interaction, request: request, response: response))
            let method = request.method.uppercased()
            if request.matchingRules["path"].isEmpty {
                byMethodAndPath[InteractionIndex.key(method, request.path), default: []].append(index)
            } else {
                patternedByMethod[method, default: []].append(index)
            }
        }
    }

    static func key(_ method: String, _ path: String) -> String { method + " " + path }

    /// The interactions whose method and path could fit, exact paths first.
    func candidates(method: String, path: String) -> [Int] {
        let upper = method.uppercased()
        var result = byMethodAndPath[InteractionIndex.key(upper, path)] ?? []
        if let patterned = patternedByMethod[upper] {
            for index in patterned {
                let expected = entries[index].request
                if PactMatcher.matchPath(expected: expected.path, actual: path, rules: expected.matchingRules["path"])
                    .isEmpty
                {
                    result.append(index)
                }
            }
        }
        return result
    }
}

/// What the mock server decided for one request.
enum RequestOutcome: Sendable {
    /// It matched interaction `index`.
    case matched(index: Int)
    /// Interactions with this method and path exist, but none matched; the closest one and its mismatches.
    case mismatched(closest: Int, mismatches: [Mismatch])
    /// No interaction has this method and path.
    case unexpected
}

extension InteractionIndex {
    /// Matches a request against its candidate interactions; the first that matches wins.
    func resolve(_ request: HTTPRequest, preferring uncalled: (Int) -> Bool = { _ in false }) -> RequestOutcome {
        let candidates = candidates(method: request.method, path: request.path)
        guard !candidates.isEmpty else { return .unexpected }
        var closest: (index: Int, mismatches: [Mismatch])?
        var firstMatch: Int?
        for index in candidates {
            let mismatches = PactMatcher.match(expected: entries[index].request, actual: request)
            if mismatches.isEmpty {
                if uncalled(index) { return .matched(index: index) }
                if firstMatch == nil { firstMatch = index }
                continue
            }
            if closest == nil || mismatches.count < closest!.mismatches.count {
                closest = (index, mismatches)
            }
        }
        if let firstMatch { return .matched(index: firstMatch) }
        return .mismatched(closest: closest!.index, mismatches: closest!.mismatches)
    }
}
