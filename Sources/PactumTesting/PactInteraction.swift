import PactumCore
import Testing

/// One HTTP interaction of a consumer test, built fluently:
///
/// ```swift
/// PactInteraction("a request for book 42")
///     .given("a book with id 42 exists", ["id": 42])
///     .withRequest("GET", "/books/42", headers: ["Accept": "application/json"])
///     .willRespondWith(status: 200, body: ["id": .integer(42), "title": .like("Dune")])
/// ```
public struct PactInteraction: Sendable {
    /// The interaction as it will be written to the contract.
    public private(set) var interaction: Interaction
    /// Where the request and the response were described, for reporting examples that break their own matchers.
    var locations: [Mismatch.Side: SourceLocation] = [:]
    /// Values that could not be built (an example that could not be encoded), reported by the contract test.
    var buildProblems: [BuildProblem] = []

    public init(_ description: String) {
        interaction = Interaction(
            description: description,
            kind: .http(request: HTTPRequest(), response: HTTPResponse())
        )
    }

    /// An HTTP interaction built with PactumCore or read from a contract, for a contract test; nil when it is not an
    /// HTTP interaction.
    public init?(_ interaction: Interaction) {
        guard case .http = interaction.kind else { return nil }
        self.interaction = interaction
    }

    /// Adds a provider state the provider must set up (with parameters).
    public func given(_ state: String, _ params: [String: JSONValue] = [:]) -> PactInteraction {
        var copy = self
        copy.interaction.providerStates.append(ProviderState(state, params: params))
        return copy
    }

    /// Marks the interaction pending (V4): while the provider has not implemented it, a failure does not
    /// fail the provider's build.
    public func pending(_ pending: Bool = true) -> PactInteraction {
        var copy = self
        copy.interaction.pending = pending
        return copy
    }

    /// Adds a comment (V4 `comments.text`).
    public func comment(_ text: String) -> PactInteraction {
        var copy = self
        var texts = copy.interaction.comments["text"]?.arrayValue ?? []
        texts.append(.string(text))
        copy.interaction.comments["text"] = .array(texts)
        return copy
    }

    /// The request the consumer sends. `path`, query and header values may be matchers
    /// (`.regex("/books/\\d+", example: "/books/42")`); an array as a query value means repeated parameters.
    /// A JSON body adds a `Content-Type` header (the provider verifier replays it) unless one is given.
    public func withRequest(
        _ method: String = "GET",
        _ path: PactValue,
        query: [String: PactValue] = [:],
        headers: [String: PactValue] = [:],
        body: PactValue? = nil,
        contentType: String = "application/json",
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactInteraction {
        var copy = self
        copy.locations[.request] = sourceLocation
        copy.buildProblems.removeAll { $0.side == .request }
        var problems: [String] = []
        var request = HTTPRequest(method: method.uppercased())
        let compiledPath = path.compile()
        problems += compiledPath.problems(in: "path")
        request.path = compiledPath.exampleText
        if let list = compiledPath.rules["$"] {
            var pathRules = request.matchingRules["path"]
            try? pathRules.add(list, at: "")
            request.matchingRules["path"] = pathRules
        }
        if let generator = compiledPath.generators["$"] {
            request.generators.add(generator, category: "path", path: "")
        }
        if !query.isEmpty {
            var values: [String: [String]] = [:]
            for (name, value) in query {
                let compiled = value.compile()
                problems += compiled.problems(in: "query \(name)")
                values[name] = compiled.exampleTexts
                PactInteraction.addNamedRules(
                    compiled,
                    name: name,
                    category: "query",
                    to: &request.matchingRules,
                    generators: &request.generators
                )
            }
            request.query = values
        }
        request.headers = PactInteraction.headers(
            headers,
            rules: &request.matchingRules,
            generators: &request.generators,
            problems: &problems
        )
        if let body {
            let compiled = body.compile()
            problems += compiled.problems(in: "body")
            request.body = Body(.json(compiled.example), contentType: contentType)
            PactInteraction.addBodyRules(compiled, to: &request.matchingRules, generators: &request.generators)
            // The provider's verifier replays the request: it needs the content type as a header.
            var headers = request.headers ?? [:]
            if headers.keys.first(where: { $0.lowercased() == "content-type" }) == nil {
                headers["Content-Type"] = [contentType]
            }
            request.headers = headers
        }
        copy.buildProblems += BuildProblem.list(problems, side: .request, at: sourceLocation)
        if case .http(_, let response) = interaction.kind {
            copy.interaction.kind = .http(request: request, response: response)
        }
        return copy
    }

    /// The request, with a plain-text (or other non-JSON) body.
    public func withRequest(
        _ method: String,
        _ path: PactValue,
        query: [String: PactValue] = [:],
        headers: [String: PactValue] = [:],
        text: String,
        contentType: String = "text/plain",
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactInteraction {
        var copy = withRequest(method, path, query: query, headers: headers, sourceLocation: sourceLocation)
        guard case .http(var request, let response) = copy.interaction.kind else { return copy }
        request.body = Body(.text(text), contentType: contentType)
        var headers = request.headers ?? [:]
        if headers.keys.first(where: { $0.lowercased() == "content-type" }) == nil {
            headers["Content-Type"] = [contentType]
        }
        request.headers = headers
        copy.interaction.kind = .http(request: request, response: response)
        return copy
    }

    /// The request, with an `application/x-www-form-urlencoded` body: one field per entry (an array for a repeated
    /// field), values may be matchers (`["title": .like("Buy milk"), "due": .date(example: "2024-05-01")]`). Rules
    /// are written at `$.field`, as the Pact specification matches form bodies.
    public func withRequest(
        _ method: String,
        _ path: PactValue,
        query: [String: PactValue] = [:],
        headers: [String: PactValue] = [:],
        form: [String: PactValue],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactInteraction {
        let contentType = "application/x-www-form-urlencoded"
        var copy = withRequest(method, path, query: query, headers: headers, sourceLocation: sourceLocation)
        guard case .http(var request, let response) = copy.interaction.kind else { return copy }
        var pairs: [(name: String, value: String)] = []
        var bodyRules = request.matchingRules["body"]
        var problems: [String] = []
        for name in form.keys.sorted() {
            let compiled = form[name]!.compile()
            problems += compiled.problems(in: "form field \(name)")
            pairs += compiled.exampleTexts.map { (name, $0) }
            for (rulePath, list) in compiled.rules.rules {
                // `$` of the value is the field; deeper paths (items of a repeated field) follow it.
                let fieldPath = PathExpression.text([.root, .field(name)]) + rulePath.dropFirst()
                do {
                    try bodyRules.add(list, at: fieldPath)
                } catch {
                    problems.append("form field \(name): the matcher could not be added: \(error)")
                }
            }
        }
        copy.buildProblems += BuildProblem.list(problems, side: .request, at: sourceLocation)
        if !bodyRules.isEmpty { request.matchingRules["body"] = bodyRules }
        request.body = Body(.text(FormURLEncoded.encode(pairs)), contentType: contentType)
        var allHeaders = request.headers ?? [:]
        if allHeaders.keys.first(where: { $0.lowercased() == "content-type" }) == nil {
            allHeaders["Content-Type"] = [contentType]
        }
        request.headers = allHeaders
        copy.interaction.kind = .http(request: request, response: response)
        return copy
    }

    /// The response the consumer needs. A JSON body gets a `Content-Type: application/json` header unless
    /// one is given.
    public func willRespondWith(
        status: Int = 200,
        headers: [String: PactValue] = [:],
        body: PactValue? = nil,
        contentType: String = "application/json",
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactInteraction {
        var copy = self
        copy.locations[.response] = sourceLocation
        copy.buildProblems.removeAll { $0.side == .response }
        var problems: [String] = []
        var response = HTTPResponse(status: status)
        response.headers = PactInteraction.headers(
            headers,
            rules: &response.matchingRules,
            generators: &response.generators,
            problems: &problems
        )
        if let body {
            let compiled = body.compile()
            problems += compiled.problems(in: "body")
            response.body = Body(.json(compiled.example), contentType: contentType)
            PactInteraction.addBodyRules(compiled, to: &response.matchingRules, generators: &response.generators)
            var headers = response.headers ?? [:]
            if headers.keys.first(where: { $0.lowercased() == "content-type" }) == nil {
                headers["Content-Type"] = [contentType]
            }
            response.headers = headers
        }
        copy.buildProblems += BuildProblem.list(problems, side: .response, at: sourceLocation)
        if case .http(let request, _) = interaction.kind {
            copy.interaction.kind = .http(request: request, response: response)
        }
        return copy
    }

    /// The response, with a plain-text (or other non-JSON) body.
    public func willRespondWith(
        status: Int = 200,
        headers: [String: PactValue] = [:],
        text: String,
        contentType: String = "text/plain",
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactInteraction {
        var copy = willRespondWith(status: status, headers: headers, sourceLocation: sourceLocation)
        guard case .http(let request, var response) = copy.interaction.kind else { return copy }
        response.body = Body(.text(text), contentType: contentType)
        var allHeaders = response.headers ?? [:]
        if allHeaders.keys.first(where: { $0.lowercased() == "content-type" }) == nil {
            allHeaders["Content-Type"] = [contentType]
        }
        response.headers = allHeaders
        copy.interaction.kind = .http(request: request, response: response)
        return copy
    }

    /// The headers' examples, their rules and generators under the header names; what could not be built is added to
    /// `problems`.
    static func headers(
        _ values: [String: PactValue],
        rules: inout MatchingRules,
        generators: inout Generators,
        problems: inout [String]
    ) -> [String: [String]]? {
        guard !values.isEmpty else { return nil }
        var headers: [String: [String]] = [:]
        for (name, value) in values {
            let compiled = value.compile()
            problems += compiled.problems(in: "header \(name)")
            headers[name] = compiled.exampleTexts
            addNamedRules(compiled, name: name, category: "header", to: &rules, generators: &generators)
        }
        return headers
    }

    /// Rules of a header or query value live under the name (`$` of the value becomes the name).
    static func addNamedRules(
        _ compiled: CompiledValue,
        name: String,
        category: RuleCategory,
        to rules: inout MatchingRules,
        generators: inout Generators
    ) {
        for (path, list) in compiled.rules.rules where path == "$" {
            var categoryRules = rules[category]
            try? categoryRules.add(list, at: name)
            rules[category] = categoryRules
        }
        if let generator = compiled.generators["$"] { generators.add(generator, category: category, path: name) }
    }

    static func addBodyRules(_ compiled: CompiledValue, to rules: inout MatchingRules, generators: inout Generators) {
        if !compiled.rules.isEmpty {
            var body = rules["body"]
            for (path, list) in compiled.rules.rules { try? body.add(list, at: path) }
            rules["body"] = body
        }
        for (path, generator) in compiled.generators { generators.add(generator, category: "body", path: path) }
    }
}
