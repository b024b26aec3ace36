import Foundation
import PactumCore
import PactumMock
import PactumVerifier

/// Steps of `V1/http_provider` … `V4/http_provider`, and the verification steps the message provider features
/// share: a real provider on 127.0.0.1 (a `StubServer` returning the responses of the chosen interactions), pact
/// files written to disk, and Pactum's `ProviderVerifier` run against the provider.
extension Steps {
    static let httpProvider: [StepDefinition] = [
        // The provider
        StepDefinition("a provider is started that returns the response from interaction (\\d+)") { world, arguments in
            try await startProvider(world, interactions: [try definedInteraction(world, try arguments.integer(0))])
        },
        StepDefinition(
            "a provider is started that returns the response from interaction (\\d+), with the following changes:"
        ) { world, arguments in
            var interaction = try definedInteraction(world, try arguments.integer(0))
            guard case .http(let request, var response) = interaction.kind else {
                throw StepFailure("interaction \(arguments[0]) is not an HTTP interaction")
            }
            try applyResponseChanges(try arguments.firstTableRow(), to: &response, world: world)
            interaction.kind = .http(request: request, response: response)
            try await startProvider(world, interactions: [interaction])
        },
        StepDefinition("a provider is started that returns the responses from interactions \(StepRegistry.string)") {
            world,
            arguments in
            var interactions: [Interaction] = []
            for item in arguments[0].split(separator: ",") {
                guard let number = Int(item.trimmingCharacters(in: .whitespaces)) else {
                    throw StepFailure("'\(item)' is not an interaction number")
                }
                interactions.append(try definedInteraction(world, number))
            }
            try await startProvider(world, interactions: interactions)
        },

        // The pacts to verify
        StepDefinition("a Pact file for interaction (\\d+) is to be verified") { world, arguments in
            try addPactFile(world, number: try arguments.integer(0)) { _ in }
        },
        StepDefinition(
            "a Pact file for interaction (\\d+) is to be verified with a provider state \(StepRegistry.string) defined"
        ) {
            world,
            arguments in
            try addPactFile(world, number: try arguments.integer(0)) {
                $0.providerStates = [ProviderState(arguments[1])]
            }
        },
        StepDefinition(
            "a Pact file for interaction (\\d+) is to be verified with the following provider states defined:"
        ) { world, arguments in
            var states: [ProviderState] = []
            for row in try arguments.tableRows() {
                guard let name = row["State Name"] else { throw StepFailure("the table has no 'State Name' column") }
                var params: [String: JSONValue] = [:]
                if let cell = row["Parameters"], !cell.isEmpty {
                    guard case .object(let values) = try Fixtures.parseJSON(cell) else {
                        throw StepFailure("the parameters '\(cell)' are not a JSON object")
                    }
                    params = values
                }
                states.append(ProviderState(name, params: params))
            }
            try addPactFile(world, number: try arguments.integer(0)) { $0.providerStates = states }
        },
        StepDefinition("a Pact file for interaction (\\d+) is to be verified, but is marked pending") {
            world,
            arguments in
            try addPactFile(world, number: try arguments.integer(0)) { $0.pending = true }
        },
        StepDefinition("a Pact file for interaction (\\d+) is to be verified with the following comments:") {
            world,
            arguments in
            let comments = try commentsTable(arguments)
            try addPactFile(world, number: try arguments.integer(0)) { $0.comments = comments }
        },
        StepDefinition("a Pact file for interaction (\\d+) is to be verified from a Pact broker") { world, arguments in
            let number = try arguments.integer(0)
            let broker: ProviderBroker
            if let running = world.provider.broker {
                broker = running
            } else {
                broker = try await ProviderBroker.start()
                world.provider.broker = broker
                world.provider.sources.append(.broker(BrokerSource(baseURL: broker.url)))
            }
            let pact = Pact(
                consumer: "c_\(number)",
                provider: providerName,
                interactions: [try definedInteraction(world, number)],
                specification: world.writtenSpecification
            )
            try await broker.publish(pact, consumerVersion: brokerConsumerVersion)
            world.provider.brokerConsumers.append(pact.consumer.name)
        },
        StepDefinition("publishing of verification results is enabled") { world, _ in
            world.provider.publishResults = true
        },

        // Provider states and request filters
        StepDefinition("a provider state callback is configured") { world, _ in
            world.provider.stateCallback = StateCallbackRecorder(fails: false)
        },
        StepDefinition("a provider state callback is configured, but will return a failure") { world, _ in
            world.provider.stateCallback = StateCallbackRecorder(fails: true)
        },
        StepDefinition("a request filter is configured to make the following changes:") { world, arguments in
            let row = try arguments.firstTableRow()
            guard let headers = row["headers"], row.count == 1 else {
                throw StepFailure("only 'headers' changes are supported by the request filter step; got \(row.keys)")
            }
            world.provider.requestFilterHeaders = Fixtures.headerList(headers)
        },

        // The verification
        StepDefinition("the verification is run") { world, _ in
            try await runVerification(world)
        },
        StepDefinition("the verification will be successful") { world, _ in
            let report = try verificationReport(world)
            guard report.success else {
                throw StepFailure("the verification failed:\n\(world.provider.console)")
            }
            guard !report.interactions.isEmpty else { throw StepFailure("no interaction was verified") }
        },
        StepDefinition("the verification will NOT be successful") { world, _ in
            let report = try verificationReport(world)
            guard !report.success else {
                throw StepFailure("the verification was successful:\n\(world.provider.console)")
            }
        },
        StepDefinition("the verification results will contain a \(StepRegistry.string) error") { world, arguments in
            let report = try verificationReport(world)
            let failures = report.interactions.flatMap(\.failures)
            guard failures.contains(where: { $0.kind.title == arguments[0] }) else {
                throw StepFailure(
                    "no '\(arguments[0])' failure; the failures were \(failures.map(\.kind.title)):\n"
                        + world.provider.console
                )
            }
            guard world.provider.console.contains(arguments[0]) else {
                throw StepFailure("the console report does not show '\(arguments[0])':\n\(world.provider.console)")
            }
        },
        StepDefinition("there will be a pending \(StepRegistry.string) error") { world, arguments in
            let report = try verificationReport(world)
            let pending = report.pacts.flatMap(\.pendingFailures)
            guard pending.contains(where: { $0.failures.contains { $0.kind.title == arguments[0] } }) else {
                throw StepFailure("no pending '\(arguments[0])' failure:\n\(world.provider.console)")
            }
            guard world.provider.console.contains("[PENDING, does not fail the verification]") else {
                throw StepFailure("the console report does not mark the failure as pending:\n\(world.provider.console)")
            }
        },
        StepDefinition("the comment \(StepRegistry.string) will have been printed to the console") { world, arguments in
            let report = try verificationReport(world)
            guard report.interactions.contains(where: { $0.comments.contains(arguments[0]) }) else {
                throw StepFailure("no interaction result has the comment '\(arguments[0])'")
            }
            guard consoleLines(world).contains(arguments[0]) else {
                throw StepFailure(
                    "the comment '\(arguments[0])' is not in the console report:\n\(world.provider.console)"
                )
            }
        },
        StepDefinition("the \(StepRegistry.string) will displayed as the original test name") { world, arguments in
            let report = try verificationReport(world)
            guard report.interactions.contains(where: { $0.testName == arguments[0] }) else {
                throw StepFailure(
                    "no interaction result has the test name '\(arguments[0])'; they have "
                        + "\(report.interactions.map(\.testName))"
                )
            }
            guard consoleLines(world).contains("Test Name: \(arguments[0])") else {
                throw StepFailure("the console report does not show the test name:\n\(world.provider.console)")
            }
        },
        StepDefinition(
            "a warning will be displayed that there was no provider state callback configured for provider state \(StepRegistry.string)"
        ) { world, arguments in
            let report = try verificationReport(world)
            let expected = "There was no provider state callback configured for provider state '\(arguments[0])'"
            let warnings = report.interactions.flatMap(\.warnings)
            guard warnings.contains(where: { $0.hasPrefix(expected) }) else {
                throw StepFailure("no warning starts with \"\(expected)\"; the warnings were \(warnings)")
            }
            guard world.provider.console.contains("WARNING: \(expected)") else {
                throw StepFailure("the console report does not show the warning:\n\(world.provider.console)")
            }
        },
        StepDefinition("the request to the provider will contain the header \(StepRegistry.string)") {
            world,
            arguments in
            guard let (name, value) = Fixtures.headerList(arguments[0]).first else {
                throw StepFailure("'\(arguments[0])' is not a header")
            }
            let requests = world.provider.providerRequests.all
            guard !requests.isEmpty else { throw StepFailure("the provider received no request") }
            for request in requests where request.header(name) != [value] {
                throw StepFailure(
                    "the request \(request.method) \(request.path) has \(name): "
                        + "\(String(describing: request.header(name))), "
                        + "not '\(value)'"
                )
            }
        },
        StepDefinition("a verification result will NOT be published back") { world, _ in
            let broker = try providerBroker(world)
            for consumer in world.provider.brokerConsumers {
                let (rows, results) = try await broker.verificationResults(
                    consumer: consumer,
                    version: brokerConsumerVersion
                )
                guard rows > 0 else {
                    throw StepFailure("the broker has no pact of \(consumer) \(brokerConsumerVersion)")
                }
                guard results.isEmpty else {
                    throw StepFailure(
                        "the broker holds verification results for \(consumer): "
                            + results.map { JSONWriter.compact($0) }.joined(separator: ", ")
                    )
                }
            }
        },
        StepDefinition(
            "a (successful|failed) verification result will be published back for (?:the )?interaction \\{(\\d+)\\}"
        ) { world, arguments in
            let success = arguments[0] == "successful"
            let number = try arguments.integer(1)
            let interaction = try definedInteraction(world, number)
            let consumer = "c_\(number)"
            let (_, results) = try await providerBroker(world).verificationResults(
                consumer: consumer,
                version: brokerConsumerVersion
            )
            guard let result = results.last else {
                throw StepFailure("the broker holds no verification result for \(consumer) \(brokerConsumerVersion)")
            }
            guard result["success"] == .bool(success), result["providerApplicationVersion"] == "1.2.3" else {
                throw StepFailure(
                    "expected a \(arguments[0]) result of provider version 1.2.3 for \(consumer), the broker holds "
                        + JSONWriter.compact(result)
                )
            }
            // The broker gives every interaction an `_id`; the verifier reports results under it.
            let pact = try await providerBroker(world).get(
                "/pacts/provider/\(providerName)/consumer/\(consumer)/version/\(brokerConsumerVersion)"
            )
            guard let id = pact["interactions"]?.arrayValue?.first?["_id"]?.stringValue else {
                throw StepFailure("the broker's pact of \(consumer) has no interaction with an _id")
            }
            let tests = result["testResults"]?.arrayValue ?? []
            guard
                tests.contains(where: {
                    $0["interactionId"] == .string(id) && $0["success"] == .bool(success)
                        && $0["interactionDescription"] == .string(interaction.description)
                })
            else {
                throw StepFailure(
                    "the published result has no \(arguments[0]) test result for '\(interaction.description)' "
                        + "(_id \(id)): "
                        + JSONWriter.compact(result)
                )
            }
        },

        // The provider state callback's calls
        StepDefinition("the provider state callback will be called (before|after) the verification is run") {
            world,
            arguments in
            let action: ProviderStateChange.Action = arguments[0] == "before" ? .setup : .teardown
            let calls = try stateCalls(world)
            guard calls.contains(where: { $0.action == action }) else {
                throw StepFailure(
                    "the provider state callback received no \(action.rawValue) call; it received \(calls)"
                )
            }
            if action == .teardown {
                guard let lastSetup = calls.lastIndex(where: { $0.action == .setup }),
                    let firstTeardown = calls.firstIndex(where: { $0.action == .teardown }), lastSetup < firstTeardown
                else {
                    throw StepFailure("the teardown calls did not come after the setup calls: \(calls)")
                }
            }
        },
        StepDefinition(
            "the provider state callback will receive a (setup) call with \(StepRegistry.string) as the provider state parameter"
        ) { world, arguments in
            try expectStateCall(world, action: .setup, name: arguments[1], params: nil)
        },
        StepDefinition(
            "the provider state callback will receive a (teardown) call \(StepRegistry.string) as the provider state parameter"
        ) { world, arguments in
            try expectStateCall(world, action: .teardown, name: arguments[1], params: nil)
        },
        StepDefinition(
            "the provider state callback will receive a (setup call with|teardown call) \(StepRegistry.string) and the following parameters:"
        ) { world, arguments in
            var params: [String: JSONValue] = [:]
            for (name, value) in try arguments.firstTableRow() { params[name] = try Fixtures.parseJSON(value) }
            let action: ProviderStateChange.Action = arguments[0].hasPrefix("setup") ? .setup : .teardown
            try expectStateCall(world, action: action, name: arguments[1], params: params)
        },
        StepDefinition("the provider state callback will NOT receive a teardown call") { world, _ in
            let calls = try stateCalls(world)
            guard calls.contains(where: { $0.action == .setup }) else {
                throw StepFailure("the provider state callback was never called")
            }
            if let teardown = calls.first(where: { $0.action == .teardown }) {
                throw StepFailure("the provider state callback received a teardown call: \(teardown)")
            }
        },
    ]

    // MARK: The provider

    /// Starts the stub server that plays the provider, recording the requests it receives.
    static func startProvider(_ world: ScenarioWorld, interactions: [Interaction]) async throws {
        if let running = world.provider.stubServer { await running.shutdown() }
        let log = world.provider.providerRequests
        let configuration = StubServer.Configuration(onRequest: { event in log.append(event.request) })
        world.provider.stubServer = try await StubServer.start(interactions: interactions, configuration: configuration)
    }

    /// Applies a `response`/`response headers`/`response body` change row to a response.
    static func applyResponseChanges(
        _ row: [String: String],
        to response: inout HTTPResponse,
        world: ScenarioWorld
    ) throws {
        if let status = row["response"] {
            guard let code = Int(status) else { throw StepFailure("'\(status)' is not a status code") }
            response.status = code
        }
        if let cell = row["response headers"] {
            var headers = response.headers ?? [:]
            for (name, values) in Fixtures.headers(cell) { headers.setHeader(name, values) }
            response.headers = headers
        }
        if let cell = row["response body"] {
            response.body = try world.fixtures.body(cell, currentContentType: response.contentType)
            var headers = response.headers ?? [:]
            headers.setHeader("Content-Type", [response.body.contentType ?? "text/plain"])
            response.headers = headers
        }
        let known: Set = ["response", "response headers", "response body"]
        if let unknown = row.keys.first(where: { !known.contains($0) }) {
            throw StepFailure("the change '\(unknown)' is not supported for a provider's response")
        }
    }

    // MARK: Pact files

    /// Writes a pact file of consumer `c_N` with interaction N (changed by `change`) and adds it to the sources.
    static func addPactFile(
        _ world: ScenarioWorld,
        number: Int,
        change: (inout Interaction) throws -> Void
    ) throws {
        var interaction = try definedInteraction(world, number)
        try change(&interaction)
        let pact = Pact(
            consumer: "c_\(number)",
            provider: providerName,
            interactions: [interaction],
            specification: world.writtenSpecification
        )
        world.provider.sources.append(.file(try writeProviderPact(pact, world: world).path))
    }

    /// Writes a pact into the scenario's directory, under a name of its own.
    static func writeProviderPact(_ pact: Pact, world: ScenarioWorld) throws -> URL {
        try FileManager.default.createDirectory(at: world.outputDirectory, withIntermediateDirectories: true)
        world.provider.pactFileCount += 1
        let file = world.outputDirectory.appendingPathComponent(
            "\(pact.consumer.name)-\(pact.provider.name)-\(world.provider.pactFileCount).json"
        )
        try pact.write(to: file, specification: pact.specification)
        return file
    }

    /// V4 comments from a `comment | type` table (`text` comments and the `testname`).
    static func commentsTable(_ arguments: StepArguments) throws -> [String: JSONValue] {
        var texts: [JSONValue] = []
        var comments: [String: JSONValue] = [:]
        for row in try arguments.tableRows() {
            guard let comment = row["comment"], let type = row["type"] else {
                throw StepFailure("the comments table needs 'comment' and 'type' columns")
            }
            switch type {
            case "text": texts.append(.string(comment))
            case "testname": comments["testname"] = .string(comment)
            default: throw StepFailure("unknown comment type '\(type)'")
            }
        }
        if !texts.isEmpty { comments["text"] = .array(texts) }
        return comments
    }

    // MARK: Running the verification

    /// Verifies every pact of the scenario against the provider that was started, with the scenario's provider
    /// state callback, request filter and publication settings.
    static func runVerification(_ world: ScenarioWorld) async throws {
        let provider = world.provider
        guard !provider.sources.isEmpty else { throw StepFailure("no pact is to be verified") }
        let port: Int
        switch (provider.stubServer, provider.messageServer) {
        case (let stub?, nil): port = stub.port
        case (nil, let messages?): port = messages.port
        case (nil, nil): throw StepFailure("no provider was started")
        case (.some, .some): throw StepFailure("both an HTTP and a message provider were started")
        }
        var configuration = ProviderVerifier.Configuration(
            providerName: providerName,
            target: ProviderTarget(host: "127.0.0.1", port: port),
            providerStates: provider.stateCallback?.setup ?? .none,
            messages: .http(path: "/")
        )
        if let headers = provider.requestFilterHeaders {
            configuration.requestFilter = { request in
                var filtered = request
                var allHeaders = filtered.headers ?? [:]
                for (name, value) in headers { allHeaders.setHeader(name, [value]) }
                filtered.headers = allHeaders
                return filtered
            }
        }
        if provider.publishResults {
            configuration.publication = ResultPublication(providerVersion: "1.2.3")
        }
        let report = try await ProviderVerifier(configuration: configuration).verify(provider.sources)
        provider.report = report
        provider.console = ConsoleReport(colour: false).render(report)
        if let messages = provider.messageServer {
            // Every message must have come over HTTP, the official verifier's convention.
            let asked = messages.received.compactMap { $0.body?["description"]?.stringValue }
            for interaction in report.interactions where !asked.contains(interaction.description) {
                throw StepFailure("the verifier did not ask the message provider for '\(interaction.description)'")
            }
        }
    }

    static func verificationReport(_ world: ScenarioWorld) throws(StepFailure) -> VerificationReport {
        guard let report = world.provider.report else { throw StepFailure("the verification was not run") }
        return report
    }

    /// The console report's lines, trimmed.
    static func consoleLines(_ world: ScenarioWorld) -> [String] {
        world.provider.console.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    // MARK: The broker

    /// The version every consumer publishes its pact as.
    static let brokerConsumerVersion = "1.0.0"

    static func providerBroker(_ world: ScenarioWorld) throws(StepFailure) -> ProviderBroker {
        guard let broker = world.provider.broker else { throw StepFailure("no pact was published to a broker") }
        return broker
    }

    // MARK: Provider state calls

    static func stateCalls(_ world: ScenarioWorld) throws(StepFailure) -> [ProviderStateChange] {
        guard let callback = world.provider.stateCallback else {
            throw StepFailure("no provider state callback is configured")
        }
        return callback.received
    }

    static func expectStateCall(
        _ world: ScenarioWorld,
        action: ProviderStateChange.Action,
        name: String,
        params: [String: JSONValue]?
    ) throws(StepFailure) {
        let calls = try stateCalls(world)
        let found = calls.contains { call in
            call.action == action && call.name == name && (params == nil || call.params == params)
        }
        guard found else {
            let what = params.map { " with the parameters \($0)" } ?? ""
            throw StepFailure(
                "the provider state callback received no \(action.rawValue) call for '\(name)'\(what); it received "
                    + calls.map { "\($0.action.rawValue) '\($0.name)' \($0.params)" }.joined(separator: ", ")
            )
        }
    }
}
