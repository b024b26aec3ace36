import Foundation
import PactumCore
import PactumMock
import PactumTestSupport
import PactumTesting

/// Steps of `V1/http_consumer` and `V2/http_consumer`: interactions served by a `MockServer`, requests
/// sent to it with `LoopbackHTTPClient`, and the pact file written when the test is done.
extension Steps {
    static let consumerName = "compatibility-suite-c"
    static let providerName = "p"

    static let httpConsumer: [StepDefinition] = [
        StepDefinition("the following HTTP interactions have been defined:") { world, arguments in
            for (row, values) in try arguments.tableRows().enumerated() {
                world.definedInteractions.append(try definedInteraction(values, number: row + 1, world: world))
            }
        },
        StepDefinition("the mock server is started with interaction (\\d+)") { world, arguments in
            try await startMockServer(world, interactions: [try definedInteraction(world, try arguments.integer(0))])
        },
        StepDefinition("the mock server is started with interaction (\\d+) but with the following changes:") {
            world,
            arguments in
            var interaction = try definedInteraction(world, try arguments.integer(0))
            guard case .http(var request, let response) = interaction.kind else {
                throw StepFailure("interaction \(arguments[0]) is not an HTTP interaction")
            }
            try applyChanges(try arguments.firstTableRow(), to: &request, world: world)
            interaction.kind = .http(request: request, response: response)
            try await startMockServer(world, interactions: [interaction])
        },
        StepDefinition("the mock server is started with interactions \(StepRegistry.string)") { world, arguments in
            var interactions: [Interaction] = []
            for item in arguments[0].split(separator: ",") {
                guard let number = Int(item.trimmingCharacters(in: .whitespaces)) else {
                    throw StepFailure("'\(item)' is not an interaction number")
                }
                interactions.append(try definedInteraction(world, number))
            }
            try await startMockServer(world, interactions: interactions)
        },
        StepDefinition("request (\\d+) is made to the mock server") { world, arguments in
            let request = try definedRequest(world, try arguments.integer(0))
            try send(request, rawHeaders: [], world: world)
        },
        StepDefinition("request (\\d+) is made to the mock server with the following changes:") { world, arguments in
            var request = try definedRequest(world, try arguments.integer(0))
            let row = try arguments.firstTableRow()
            try applyChanges(row, to: &request, world: world)
            let rawHeaders = row["raw headers"].map(Fixtures.headerList) ?? []
            try send(request, rawHeaders: rawHeaders, world: world)
        },
        StepDefinition("a (\\d+) (?:success|error) response is returned") { world, arguments in
            guard let response = world.response else { throw StepFailure("no request was made") }
            let expected = try arguments.integer(0)
            guard response.status == expected else {
                throw StepFailure(
                    "expected a \(expected) response but got \(response.status): \(String(decoding: response.body, as: UTF8.self))"
                )
            }
        },
        StepDefinition("the payload will contain the \(StepRegistry.string) JSON document") { world, arguments in
            guard let response = world.response else { throw StepFailure("no request was made") }
            let expected = try world.fixtures.json(arguments[0] + ".json")
            guard let actual = try? JSONParser.parse(bytes: response.body), actual == expected else {
                throw StepFailure(
                    "expected the payload \(expected) but got '\(String(decoding: response.body, as: UTF8.self))'"
                )
            }
        },
        StepDefinition("the content type will be set as \(StepRegistry.string)") { world, arguments in
            guard let response = world.response else { throw StepFailure("no request was made") }
            guard let contentType = response.header("Content-Type") else {
                throw StepFailure("the response has no Content-Type header")
            }
            guard contentType == arguments[0] else {
                throw StepFailure("expected the content type '\(arguments[0])' but it was '\(contentType)'")
            }
        },
        StepDefinition("the pact test is done") { world, _ in
            guard let run = world.consumerTestRun else { throw StepFailure("no mock server was started") }
            world.consumerTestRun = nil
            world.mockServer = nil
            guard let results = await run.finishTest() else { throw StepFailure("the consumer test did not finish") }
            world.mockServerResults = results
            // Whatever withPact decided is on the file system.
            try world.observePact(consumer: consumerName, provider: providerName)
        },
        StepDefinition("the mock server status will be OK") { world, _ in
            let results = try mockServerResults(world)
            guard results.allMatched else { throw StepFailure("the mock server has problems: \(results.problems)") }
        },
        StepDefinition("the mock server status will NOT be OK") { world, _ in
            if try mockServerResults(world).allMatched { throw StepFailure("the mock server had no problems") }
        },
        StepDefinition("the mock server status will be mismatches") { world, _ in
            if try mockServerResults(world).mismatched.isEmpty {
                throw StepFailure("the mock server recorded no mismatched requests")
            }
        },
        StepDefinition("the mock server will write out a Pact file for the interactions? when done") { world, _ in
            guard let file = world.pactFile, FileManager.default.fileExists(atPath: file.path) else {
                throw StepFailure("no pact file was written")
            }
            guard let pact = world.pact, pact.specification == world.writtenSpecification else {
                throw StepFailure("the pact file is not a \(world.writtenSpecification.label) pact")
            }
        },
        StepDefinition("the mock server will NOT write out a Pact file for the interactions? when done") { world, _ in
            if let file = world.pactFile, FileManager.default.fileExists(atPath: file.path) {
                throw StepFailure("expected no pact file, but \(file.path) was written")
            }
        },
        StepDefinition("the mock server status will be an expected but not received error for interaction \\{(\\d+)\\}")
        {
            world,
            arguments in
            let interaction = try definedInteraction(world, try arguments.integer(0))
            let results = try mockServerResults(world)
            guard results.missing.contains(where: { $0.kind == interaction.kind }) else {
                throw StepFailure(
                    "interaction \(arguments[0]) is not reported as missing; the problems were: \(results.problems)"
                )
            }
        },
        StepDefinition(
            "the mock server status will be an unexpected \(StepRegistry.string) request received error for interaction \\{(\\d+)\\}"
        ) { world, arguments in
            let request = try definedRequest(world, try arguments.integer(1))
            try expectUnexpected(world, method: arguments[0], path: request.path)
        },
        StepDefinition(
            "the mock server status will be an unexpected \(StepRegistry.string) request received error for path \(StepRegistry.string)"
        ) { world, arguments in
            try expectUnexpected(world, method: arguments[0], path: arguments[1])
        },
        StepDefinition(
            "the mismatches will contain a \(StepRegistry.string) mismatch with error \(StepRegistry.string)"
        ) {
            world,
            arguments in
            try expectMismatch(in: try recordedMismatches(world), type: arguments[0], error: arguments[1])
        },
        StepDefinition(
            "the mismatches will contain a \(StepRegistry.string) mismatch with path \(StepRegistry.string) with error \(StepRegistry.string)"
        ) { world, arguments in
            try expectMismatch(
                in: try recordedMismatches(world),
                type: arguments[0],
                path: arguments[1],
                error: arguments[2]
            )
        },
        StepDefinition("the pact file will contain \\{(\\d+)\\} interactions?") { world, arguments in
            let pact = try writtenPact(world)
            guard pact.interactions.count == (try arguments.integer(0)) else {
                throw StepFailure("expected \(arguments[0]) interactions but the pact has \(pact.interactions.count)")
            }
        },
        StepDefinition("the \\{(first|second|third)\\} interaction request will be for a \(StepRegistry.string)") {
            world,
            arguments in
            let (request, _) = try writtenHTTPInteraction(world, arguments[0])
            guard request.method == arguments[1] else {
                throw StepFailure("expected a \(arguments[1]) request but it is \(request.method)")
            }
        },
        StepDefinition(
            "the \\{(first|second|third)\\} interaction response will contain the \(StepRegistry.string) document"
        ) {
            world,
            arguments in
            let (_, response) = try writtenHTTPInteraction(world, arguments[0])
            try expectBody(response.body, equalsFixture: arguments[1], world: world)
        },
        StepDefinition(
            "the \\{(first|second|third)\\} interaction request will contain the \(StepRegistry.string) document"
        ) {
            world,
            arguments in
            let (request, _) = try writtenHTTPInteraction(world, arguments[0])
            try expectBody(request.body, equalsFixture: arguments[1], world: world)
        },
        StepDefinition(
            "the \\{(first|second|third)\\} interaction request query parameters will be \(StepRegistry.string)"
        ) {
            world,
            arguments in
            let (request, _) = try writtenHTTPInteraction(world, arguments[0])
            let expected = QueryString.parse(arguments[1])
            guard request.query == expected else {
                throw StepFailure("expected the query \(expected) but it is \(String(describing: request.query))")
            }
        },
        StepDefinition(
            "the \\{(first|second|third)\\} interaction request will contain the header \(StepRegistry.string) with value \(StepRegistry.string)"
        ) { world, arguments in
            let (request, _) = try writtenHTTPInteraction(world, arguments[0])
            guard request.header(arguments[1]) == [arguments[2]] else {
                throw StepFailure(
                    "expected the header \(arguments[1]) to be '\(arguments[2])' but it is \(String(describing: request.header(arguments[1])))"
                )
            }
        },
        StepDefinition("the \\{(first|second|third)\\} interaction request content type will be \(StepRegistry.string)")
        {
            world,
            arguments in
            let (request, _) = try writtenHTTPInteraction(world, arguments[0])
            guard request.contentType == arguments[1] else {
                throw StepFailure(
                    "expected the content type '\(arguments[1])' but it is \(String(describing: request.contentType))"
                )
            }
        },
    ]

    /// An interaction from a row of the Background table.
    static func definedInteraction(_ row: [String: String], number: Int, world: ScenarioWorld) throws -> Interaction {
        var request = HTTPRequest(method: row["method"] ?? "GET", path: row["path"] ?? "/")
        if let query = row["query"], !query.isEmpty { request.query = QueryString.parse(query) }
        if let headers = row["headers"], !headers.isEmpty { request.headers = Fixtures.headers(headers) }
        if let body = row["body"], !body.isEmpty { try setBody(body, contentType: nil, on: &request, world: world) }
        if let rules = row["matching rules"], !rules.isEmpty {
            request.matchingRules = try world.fixtures.matchingRules(rules)
        }
        var response = HTTPResponse()
        if let status = row["response"], !status.isEmpty {
            guard let code = Int(status) else { throw StepFailure("'\(status)' is not a status code") }
            response.status = code
        }
        if let headers = row["response headers"], !headers.isEmpty { response.headers = Fixtures.headers(headers) }
        if let body = row["response body"], !body.isEmpty {
            let contentType = row["response content"].flatMap { $0.isEmpty ? nil : $0 }
            response.body = try world.fixtures.body(body, contentType: contentType)
            var headers = response.headers ?? [:]
            headers.setHeader("Content-Type", [response.body.contentType ?? "text/plain"])
            response.headers = headers
        }
        if let rules = row["response matching rules"], !rules.isEmpty {
            response.matchingRules = try world.fixtures.matchingRules(rules)
        }
        return Interaction(description: "Interaction \(number)", kind: .http(request: request, response: response))
    }

    /// Sets a body from a table cell and the Content-Type header that goes with it.
    static func setBody(
        _ cell: String,
        contentType: String?,
        on request: inout HTTPRequest,
        world: ScenarioWorld
    )
        throws
    {
        request.body = try world.fixtures.body(cell, contentType: contentType, currentContentType: request.contentType)
        var headers = request.headers ?? [:]
        headers.setHeader("Content-Type", [request.body.contentType ?? "text/plain"])
        request.headers = headers
    }

    /// Applies a `method`/`path`/`query`/`headers`/`body` change row to a request.
    static func applyChanges(_ row: [String: String], to request: inout HTTPRequest, world: ScenarioWorld) throws {
        if let method = row["method"] { request.method = method }
        if let path = row["path"] { request.path = path }
        if let query = row["query"] { request.query = QueryString.parse(query) }
        if let headers = row["headers"] { request.headers = Fixtures.headers(headers) }
        if let body = row["body"] { try setBody(body, contentType: nil, on: &request, world: world) }
    }

    static func definedInteraction(_ world: ScenarioWorld, _ number: Int) throws(StepFailure) -> Interaction {
        guard world.definedInteractions.indices.contains(number - 1) else {
            throw StepFailure("there is no interaction \(number) (\(world.definedInteractions.count) are defined)")
        }
        return world.definedInteractions[number - 1]
    }

    static func definedRequest(_ world: ScenarioWorld, _ number: Int) throws(StepFailure) -> HTTPRequest {
        guard case .http(let request, _) = try definedInteraction(world, number).kind else {
            throw StepFailure("interaction \(number) is not an HTTP interaction")
        }
        return request
    }

    /// Starts the consumer test (`withPact`) with these interactions; its mock server answers the scenario's requests.
    static func startMockServer(_ world: ScenarioWorld, interactions: [Interaction]) async throws {
        if let running = world.consumerTestRun { _ = await running.finishTest() }
        let run = try await HTTPConsumerTestRun.start(
            interactions: interactions,
            configuration: ContractConfiguration(
                consumer: consumerName,
                provider: providerName,
                directory: world.outputDirectory,
                specification: world.writtenSpecification
            )
        )
        world.consumerTestRun = run
        world.mockServer = run.mock
        world.mockServerInteractions = interactions
    }

    /// Sends a request to the running mock server; `rawHeaders` are added as separate header lines.
    static func send(_ request: HTTPRequest, rawHeaders: [(String, String)], world: ScenarioWorld) throws {
        guard let server = world.mockServer else { throw StepFailure("no mock server was started") }
        var target = request.path
        if let query = request.query, !query.isEmpty { target += "?" + QueryString.format(query) }
        var headers: [(String, String)] = []
        for (name, values) in (request.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            for value in values { headers.append((name, value)) }
        }
        headers += rawHeaders
        world.response = try LoopbackHTTPClient.send(
            method: request.method,
            port: server.port,
            target: target,
            headers: headers,
            body: request.body.bytes
        )
    }

    static func mockServerResults(_ world: ScenarioWorld) throws(StepFailure) -> MockServerResults {
        if let results = world.mockServerResults { return results }
        guard let server = world.mockServer else { throw StepFailure("no mock server was started") }
        return server.results
    }

    static func recordedMismatches(_ world: ScenarioWorld) throws(StepFailure) -> [Mismatch] {
        try mockServerResults(world).mismatched.flatMap(\.mismatches)
    }

    static func expectUnexpected(_ world: ScenarioWorld, method: String, path: String) throws(StepFailure) {
        let results = try mockServerResults(world)
        guard results.unexpected.contains(where: { $0.method.uppercased() == method && $0.path == path }) else {
            throw StepFailure(
                "no unexpected \(method) \(path) request was reported; the problems were: \(results.problems)"
            )
        }
    }

    static func writtenPact(_ world: ScenarioWorld) throws(StepFailure) -> Pact {
        guard let pact = world.pact else { throw StepFailure("no pact file was written") }
        return pact
    }

    static func ordinal(_ word: String) -> Int {
        switch word {
        case "second": return 1
        case "third": return 2
        default: return 0
        }
    }

    static func writtenHTTPInteraction(
        _ world: ScenarioWorld,
        _ ordinalWord: String
    ) throws(StepFailure)
        -> (HTTPRequest, HTTPResponse)
    {
        let pact = try writtenPact(world)
        let index = ordinal(ordinalWord)
        guard pact.interactions.indices.contains(index) else {
            throw StepFailure("the pact has no \(ordinalWord) interaction")
        }
        guard case .http(let request, let response) = pact.interactions[index].kind else {
            throw StepFailure("the \(ordinalWord) interaction is not an HTTP interaction")
        }
        return (request, response)
    }

    /// A body equal to a fixture: as JSON for `.json` fixtures, byte for byte otherwise.
    static func expectBody(_ body: Body, equalsFixture name: String, world: ScenarioWorld) throws(StepFailure) {
        if name.hasSuffix(".json") {
            let expected = try world.fixtures.json(name)
            guard case .json(let actual) = body.content, actual == expected else {
                throw StepFailure("expected the body \(expected) but it is \(body.content)")
            }
        } else {
            let expected = try world.fixtures.bytes(name)
            guard body.bytes == expected else {
                throw StepFailure(
                    "expected the body of '\(name)' (\(expected.count) bytes) but it has \(body.bytes.count)"
                )
            }
        }
    }
}
