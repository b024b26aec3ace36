import Foundation
import PactumCore

/// The stub server's decisions: which interaction answers a request and what the answer is.
/// Pure and immutable (generators get their context passed in), so it is tested without sockets
/// and shared by all connections without a lock.
struct StubServerState: Sendable {
    /// What the stub decided for one request.
    enum Selection: Hashable, Sendable {
        /// Entry `index` answers; `alternatives` other entries fitted too (counted until a perfect match was found).
        case matched(index: Int, alternatives: Int)
        case corsPreflight
        case notFound(reason: String)
        case invalidProviderStateHeader(reason: String)
    }

    let index: InteractionIndex
    /// For each index entry, the position of its pact among those served.
    let pactOfEntry: [Int]
    let configuration: StubServer.Configuration
    let providerStateFilter: NSRegularExpression?

    static let corsMethods = "GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH"

    init(pacts: [Pact], configuration: StubServer.Configuration) throws(StubServerError) {
        var interactions: [Interaction] = []
        var pactOfEntry: [Int] = []
        for (position, pact) in pacts.enumerated() {
            for interaction in pact.interactions where interaction.isHTTP {
                interactions.append(interaction)
                pactOfEntry.append(position)
            }
        }
        index = InteractionIndex(interactions)
        self.pactOfEntry = pactOfEntry
        self.configuration = configuration
        if let pattern = configuration.providerState {
            do {
                providerStateFilter = try NSRegularExpression(pattern: pattern)
            } catch {
                let problem = "The provider state filter '\(pattern)' is not a valid regular expression"
                throw StubServerError(problems: [problem + "; fix the pattern (ICU syntax)"])
            }
        } else {
            providerStateFilter = nil
        }
    }

    /// Picks the interaction that answers `request`: among those whose method, path and query match
    /// (and body, for a `POST`, `PUT` or `PATCH` with a body) and that pass the provider state filter,
    /// the one with fewest mismatches, the earliest on a tie.
    func select(_ request: HTTPRequest) -> Selection {
        var filter = providerStateFilter
        if let name = configuration.providerStateHeaderName, let value = request.header(name)?.first {
            do {
                filter = try NSRegularExpression(pattern: value)
            } catch {
                return .invalidProviderStateHeader(
                    reason: "The \(name) header '\(value)' is not a valid regular expression for provider state names"
                )
            }
        }
        let candidates = index.candidates(method: request.method, path: request.path).sorted()
        var best: (index: Int, mismatches: Int)?
        var fitting = 0
        var filteredOut = 0
        var closest: (index: Int, mismatches: [Mismatch])?
        let bodyCounts = StubServerState.methodSupportsPayload(request.method) && request.body.isPresent
        for candidate in candidates {
            let interaction = index.entries[candidate].interaction
            if let filter, !passes(interaction, filter: filter) {
                filteredOut += 1
                continue
            }
            let expected = index.entries[candidate].request
            // The query must match: checking it first spares the full match for the many interactions of
            // a list endpoint that differ only in their query.
            let queryMismatches = PactMatcher.matchQuery(
                expected: expected.query,
                actual: request.query,
                rules: expected.matchingRules["query"]
            )
            if !queryMismatches.isEmpty, expected.v1QueryString == nil {
                if closest == nil || queryMismatches.count < closest!.mismatches.count {
                    closest = (candidate, queryMismatches)
                }
                continue
            }
            let mismatches = PactMatcher.match(expected: expected, actual: request)
            let blocking = mismatches.filter { mismatch in
                switch mismatch.part {
                case .method, .path, .query: return true
                case .body: return bodyCounts
                default: return false
                }
            }
            guard blocking.isEmpty else {
                if closest == nil || blocking.count < closest!.mismatches.count { closest = (candidate, blocking) }
                continue
            }
            fitting += 1
            if best == nil || mismatches.count < best!.mismatches { best = (candidate, mismatches.count) }
            // No later candidate can beat a perfect match (ties go to the earlier one): stop looking.
            if mismatches.isEmpty { break }
        }
        if let best { return .matched(index: best.index, alternatives: fitting - 1) }
        if configuration.cors, request.method.uppercased() == "OPTIONS" { return .corsPreflight }
        let target = "\(request.method.uppercased()) \(request.path)"
        if candidates.isEmpty { return .notFound(reason: "No interaction expects \(target)") }
        if let closest {
            let details = closest.mismatches.map { "\($0.location): \($0.message)" }.joined(separator: "; ")
            let description = index.entries[closest.index].interaction.description
            return .notFound(reason: "No interaction for \(target) matched; closest '\(description)': \(details)")
        }
        return .notFound(
            reason: "The \(filteredOut) interaction(s) for \(target) were left out by the provider state filter"
        )
    }

    /// Whether an interaction's provider states pass the filter, as the official stub decides: any
    /// state name the regex finds, or no states or an empty name when empty states are included.
    func passes(_ interaction: Interaction, filter: NSRegularExpression) -> Bool {
        let includeEmpty = configuration.includeEmptyProviderState
        if includeEmpty, interaction.providerStates.isEmpty { return true }
        return interaction.providerStates.contains { state in
            if includeEmpty, state.name.isEmpty { return true }
            let range = NSRange(state.name.startIndex..<state.name.endIndex, in: state.name)
            return filter.firstMatch(in: state.name, range: range) != nil
        }
    }

    /// The answer for a selection, the interaction's generators applied in consumer mode.
    func response(to request: HTTPRequest, selection: Selection, context: inout GeneratorContext) -> HTTPResponse {
        var response: HTTPResponse
        switch selection {
        case .matched(let position, _):
            let entry = index.entries[position]
            var generatorContext = context
            for state in entry.interaction.providerStates {
                generatorContext.providerState.merge(state.params) { current, _ in current }
            }
            response = entry.response.applyingGenerators(mode: .consumer, context: &generatorContext).value
            context.random = generatorContext.random
            if response.body.isPresent, response.header("Content-Type") == nil {
                var headers = response.headers ?? [:]
                headers["Content-Type"] = [StubServerState.contentType(of: response.body)]
                response.headers = headers
            }
        case .corsPreflight:
            var origin = "*"
            if configuration.corsReferer, let referer = request.header("Referer"), !referer.isEmpty {
                origin = referer.joined(separator: ", ")
            }
            response = HTTPResponse(
                status: 200,
                headers: [
                    "Access-Control-Allow-Headers": ["*"],
                    "Access-Control-Allow-Methods": [StubServerState.corsMethods],
                    "Access-Control-Allow-Origin": [origin],
                ]
            )
        case .notFound:
            response = HTTPResponse(status: 404)
        case .invalidProviderStateHeader(let reason):
            response = HTTPResponse(
                status: 400,
                headers: ["Content-Type": ["text/plain; charset=utf-8"]],
                body: .text(reason, contentType: "text/plain; charset=utf-8")
            )
        }
        if response.header("Access-Control-Allow-Origin") == nil {
            var headers = response.headers ?? [:]
            headers["Access-Control-Allow-Origin"] = ["*"]
            response.headers = headers
        }
        return response
    }

    /// The public form of a selection.
    func outcome(of selection: Selection) -> StubServer.Outcome {
        switch selection {
        case .matched(let position, let alternatives):
            return .matched(
                interaction: index.entries[position].interaction,
                pact: pactOfEntry[position],
                alternatives: alternatives
            )
        case .corsPreflight: return .corsPreflight
        case .notFound(let reason): return .notFound(reason: reason)
        case .invalidProviderStateHeader(let reason): return .invalidProviderStateHeader(reason: reason)
        }
    }

    static func methodSupportsPayload(_ method: String) -> Bool {
        ["POST", "PUT", "PATCH"].contains(method.uppercased())
    }

    /// The `Content-Type` for a body whose interaction gives none: its own, JSON for JSON, else text.
    static func contentType(of body: Body) -> String {
        if let type = body.contentType { return type }
        if case .json = body.content { return "application/json" }
        if case .binary = body.content { return "application/octet-stream" }
        return "text/plain"
    }
}
