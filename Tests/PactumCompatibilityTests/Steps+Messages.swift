import Foundation
import PactumCore
import PactumTestSupport
import PactumTesting
import Testing

/// A consumer's message handler failing, as the message features describe it.
struct ConsumerTestFailure: Error, CustomStringConvertible {
    var description: String
}

/// Steps of `V3/message_consumer`, `V4/message_consumer` and `V4/synchronous_message_consumer`: message
/// interactions defined by a consumer test, handed (generators applied) to the consumer's handler, and the
/// pact file written when the handler succeeds.
extension Steps {
    static let messages: [StepDefinition] = [
        StepDefinition("a message integration is being defined for a consumer test") { world, _ in
            world.interactions.append(
                Interaction(
                    description: "a message \(world.interactions.count + 1)",
                    kind: .asynchronousMessage(Message())
                )
            )
        },
        StepDefinition("a message is defined") { world, _ in
            _ = try lastInteraction(world, kind: "message")
        },
        StepDefinition("the message payload contains the \(StepRegistry.string) JSON document") { world, arguments in
            let body = Body.json(try world.fixtures.json(arguments[0] + ".json"))
            try updateMessage(world, .asyncMessage) { $0.contents = body }
        },
        StepDefinition("the message request payload contains the \(StepRegistry.string) JSON document") {
            world,
            arguments in
            let body = Body.json(try world.fixtures.json(arguments[0] + ".json"))
            try updateMessage(world, .request) { $0.contents = body }
        },
        StepDefinition("the message response payload contains the \(StepRegistry.string) document") {
            world,
            arguments in
            let body = try payload(arguments[0], world: world)
            let index = try lastInteraction(world, kind: "synchronous message")
            guard case .synchronousMessage(let request, var responses) = world.interactions[index].kind else { return }
            responses.append(Message(contents: body))
            world.interactions[index].kind = .synchronousMessage(request: request, responses: responses)
        },
        StepDefinition("the message contains the following metadata:") { world, arguments in
            let metadata = try metadataTable(arguments)
            try updateMessage(world, .asyncMessage) { $0.metadata.merge(metadata) { _, new in new } }
        },
        StepDefinition("the message request contains the following metadata:") { world, arguments in
            let metadata = try metadataTable(arguments)
            try updateMessage(world, .request) { $0.metadata.merge(metadata) { _, new in new } }
        },
        StepDefinition("the message is configured with the following:") { world, arguments in
            let configured = try configuredMessage(try arguments.firstTableRow(), world: world)
            try updateMessage(world, .asyncMessage) { $0 = configured }
        },
        StepDefinition("the message request is configured with the following:") { world, arguments in
            let configured = try configuredMessage(try arguments.firstTableRow(), world: world)
            try updateMessage(world, .request) { $0 = configured }
        },
        StepDefinition("the message response is configured with the following:") { world, arguments in
            let configured = try configuredMessage(try arguments.firstTableRow(), world: world)
            try updateMessage(world, .firstResponse) { $0 = configured }
        },
        StepDefinition("the message is successfully processed") { world, _ in
            try await processMessages(world, failure: nil)
        },
        StepDefinition("the message is NOT successfully processed with a \(StepRegistry.string) exception") {
            world,
            arguments in
            try await processMessages(world, failure: arguments[0])
        },
        StepDefinition("the consumer test will have passed") { world, _ in
            guard world.consumerTestRan else { throw StepFailure("the consumer test did not run") }
            if let error = world.consumerTestError { throw StepFailure("the consumer test failed: \(error)") }
        },
        StepDefinition("the consumer test will have failed") { world, _ in
            guard world.consumerTestRan else { throw StepFailure("the consumer test did not run") }
            if world.consumerTestError == nil { throw StepFailure("the consumer test passed") }
        },
        StepDefinition("the consumer test error will be \(StepRegistry.string)") { world, arguments in
            guard world.consumerTestError == arguments[0] else {
                throw StepFailure(
                    "expected the error '\(arguments[0])' but it was \(String(describing: world.consumerTestError))"
                )
            }
        },
        StepDefinition("a Pact file for the message interaction will have been written") { world, _ in
            guard let file = world.pactFile, FileManager.default.fileExists(atPath: file.path), world.pact != nil else {
                throw StepFailure("no pact file was written")
            }
        },
        StepDefinition("a Pact file for the message interaction will NOT have been written") { world, _ in
            if let file = world.pactFile, FileManager.default.fileExists(atPath: file.path) {
                throw StepFailure("expected no pact file, but \(file.path) was written")
            }
        },

        // What the consumer's handler received
        StepDefinition("the received message payload will contain the \(StepRegistry.string) (?:JSON )?document") {
            world,
            arguments in
            let expected = try payload(arguments[0], world: world)
            guard receivedPayloads(world).contains(where: { sameBody($0.contents, expected) }) else {
                throw StepFailure("no received message has the payload \(expected.content)")
            }
        },
        StepDefinition("the received message content type will be \(StepRegistry.string)") { world, arguments in
            let types = receivedPayloads(world).map(\.contentType)
            guard types.contains(arguments[0]) else {
                throw StepFailure("no received message has the content type '\(arguments[0])'; they have \(types)")
            }
        },
        StepDefinition(
            "the received message(?: (request|response))? metadata will contain \(StepRegistry.string) == \(StepRegistry.string)"
        ) { world, arguments in
            let message = try receivedMessage(world, side: arguments[0])
            try expectMetadata(message.metadata, key: arguments[1], value: arguments[2])
        },
        StepDefinition(
            "the received message(?: (request|response))? metadata will contain \(StepRegistry.string) replaced with an? \(StepRegistry.string)"
        ) { world, arguments in
            let message = try receivedMessage(world, side: arguments[0])
            let original = try definedMessage(world, side: arguments[0])
            guard let value = message.metadata[arguments[1]] else {
                throw StepFailure("the received message has no metadata '\(arguments[1])'")
            }
            guard value != original.metadata[arguments[1]] else {
                throw StepFailure("expected the metadata '\(arguments[1])' (\(value)) to have been replaced")
            }
            try expectValue(value, isA: arguments[2])
        },
        StepDefinition(
            "the message(?: (request|response))? contents for \(StepRegistry.string) will have been replaced with an? \(StepRegistry.string)"
        ) { world, arguments in
            let message = try receivedMessage(world, side: arguments[0])
            let original = try definedMessage(world, side: arguments[0])
            guard case .json(let before) = original.contents.content, case .json(let after) = message.contents.content
            else {
                throw StepFailure("the message contents are not JSON")
            }
            guard let old = before.value(atPath: arguments[1]), let new = after.value(atPath: arguments[1]) else {
                throw StepFailure("the message contents have no \(arguments[1])")
            }
            guard old != new else { throw StepFailure("expected \(old) at \(arguments[1]) to have been replaced") }
            try expectValue(new, isA: arguments[2])
        },

        // The pact file
        StepDefinition("the pact file will contain (\\d+) (?:message )?interactions?") { world, arguments in
            let pact = try writtenPact(world)
            guard pact.interactions.count == (try arguments.integer(0)) else {
                throw StepFailure("expected \(arguments[0]) interactions but the pact has \(pact.interactions.count)")
            }
        },
        StepDefinition("the first message in the pact file will contain the \(StepRegistry.string) document") {
            world,
            arguments in
            try expectBody(try writtenMessage(world, side: nil).contents, equalsFixture: arguments[0], world: world)
        },
        StepDefinition("the first message in the pact file content type will be \(StepRegistry.string)") {
            world,
            arguments in
            let type = try writtenMessage(world, side: nil).contentType
            guard type == arguments[0] else {
                throw StepFailure("expected the content type '\(arguments[0])' but it is \(String(describing: type))")
            }
        },
        StepDefinition(
            "the first message in the pact file will contain the (request )?message metadata \(StepRegistry.string) == \(StepRegistry.string)"
        ) { world, arguments in
            let message = try writtenMessage(world, side: arguments[0].isEmpty ? nil : "request")
            try expectMetadata(message.metadata, key: arguments[1], value: arguments[2])
        },
        StepDefinition("the first message in the [Pp]act file will contain (\\d+) provider states?") {
            world,
            arguments in
            let states = try firstWrittenInteraction(world).providerStates
            guard states.count == (try arguments.integer(0)) else {
                throw StepFailure("expected \(arguments[0]) provider states but the pact file has \(states.count)")
            }
        },
        StepDefinition("the first message in the [Pp]act file will contain provider state \(StepRegistry.string)") {
            world,
            arguments in
            let states = try firstWrittenInteraction(world).providerStates
            guard states.contains(where: { $0.name == arguments[0] }) else {
                throw StepFailure("the pact file has no provider state '\(arguments[0])'; it has \(states.map(\.name))")
            }
        },
        StepDefinition(
            "the provider state \(StepRegistry.string) for the message will contain the following parameters:"
        ) {
            world,
            arguments in
            let states = try firstWrittenInteraction(world).providerStates
            guard let state = states.first(where: { $0.name == arguments[0] }) else {
                throw StepFailure("the pact file has no provider state '\(arguments[0])'")
            }
            guard let cell = try arguments.firstTableRow()["parameters"] else {
                throw StepFailure("the table has no 'parameters' column")
            }
            let expected = try Fixtures.parseJSON(cell)
            guard JSONValue.object(state.params) == expected else {
                throw StepFailure("expected the parameters \(expected) but the pact file has \(state.params)")
            }
        },
        StepDefinition(
            "the first interaction in the pact file will contain the \(StepRegistry.string) document as the request"
        ) {
            world,
            arguments in
            let expected = try payload(arguments[0], world: world)
            let actual = try writtenMessage(world, side: "request").contents
            guard sameBody(actual, expected) else {
                throw StepFailure("expected the request \(expected.content) but it is \(actual.content)")
            }
        },
        StepDefinition(
            "the first interaction in the pact file (request|response) content type will be \(StepRegistry.string)"
        ) {
            world,
            arguments in
            let type = try writtenMessage(world, side: arguments[0]).contentType
            guard type == arguments[1] else {
                throw StepFailure("expected the content type '\(arguments[1])' but it is \(String(describing: type))")
            }
        },
        StepDefinition(
            "the first interaction in the pact file will contain the \(StepRegistry.string) document as a response"
        ) {
            world,
            arguments in
            let expected = try payload(arguments[0], world: world)
            let responses = try writtenResponses(world)
            guard responses.contains(where: { sameBody($0.contents, expected) }) else {
                throw StepFailure("no response message is \(expected.content)")
            }
        },
        StepDefinition("the first interaction in the pact file will contain (\\d+) response messages") {
            world,
            arguments in
            let responses = try writtenResponses(world)
            guard responses.count == (try arguments.integer(0)) else {
                throw StepFailure("expected \(arguments[0]) response messages but there are \(responses.count)")
            }
        },
        StepDefinition(
            "the first interaction in the pact file will contain the \(StepRegistry.string) document as the (first|second|third) response message"
        ) { world, arguments in
            let expected = try payload(arguments[0], world: world)
            let responses = try writtenResponses(world)
            let index = ordinal(arguments[1])
            guard responses.indices.contains(index) else {
                throw StepFailure("there is no \(arguments[1]) response message")
            }
            guard sameBody(responses[index].contents, expected) else {
                throw StepFailure(
                    "expected \(expected.content) but the response is \(responses[index].contents.content)"
                )
            }
        },
    ]

    enum MessageSide {
        case asyncMessage
        case request
        case firstResponse
    }

    /// Changes the message of the last message interaction being defined.
    static func updateMessage(_ world: ScenarioWorld, _ side: MessageSide, _ change: (inout Message) -> Void) throws {
        switch side {
        case .asyncMessage:
            let index = try lastInteraction(world, kind: "message")
            guard case .asynchronousMessage(var message) = world.interactions[index].kind else { return }
            change(&message)
            world.interactions[index].kind = .asynchronousMessage(message)
        case .request, .firstResponse:
            let index = try lastInteraction(world, kind: "synchronous message")
            guard case .synchronousMessage(var request, var responses) = world.interactions[index].kind else { return }
            if side == .request {
                change(&request)
            } else {
                if responses.isEmpty { responses.append(Message()) }
                change(&responses[0])
            }
            world.interactions[index].kind = .synchronousMessage(request: request, responses: responses)
        }
    }

    /// A payload named in a step: `basic` (the JSON fixture `basic.json`) or a body cell (`file: …`, `JSON: …`).
    static func payload(_ text: String, world: ScenarioWorld) throws -> Body {
        if text.hasPrefix("file:") || text.hasPrefix("JSON:") || text.hasPrefix("XML:") {
            return try world.fixtures.body(text)
        }
        return Body.json(try world.fixtures.json(text.hasSuffix(".json") ? text : text + ".json"))
    }

    /// Whether two bodies hold the same content (JSON compared as JSON, the rest byte for byte).
    static func sameBody(_ a: Body, _ b: Body) -> Bool {
        if case .json(let left) = a.content, case .json(let right) = b.content { return left == right }
        return a.bytes == b.bytes
    }

    static func metadataTable(_ arguments: StepArguments) throws -> [String: JSONValue] {
        var metadata: [String: JSONValue] = [:]
        for row in try arguments.tableRows() {
            guard let key = row["key"], let value = row["value"] else {
                throw StepFailure("the metadata table needs 'key' and 'value' columns")
            }
            metadata[key] = try metadataValue(value)
        }
        return metadata
    }

    static func metadataValue(_ text: String) throws(StepFailure) -> JSONValue {
        text.hasPrefix("JSON:") ? try Fixtures.parseJSON(String(text.dropFirst(5))) : .string(text)
    }

    static func expectMetadata(_ metadata: [String: JSONValue], key: String, value: String) throws(StepFailure) {
        let expected = try metadataValue(value)
        guard metadata[key] == expected else {
            throw StepFailure(
                "expected the metadata '\(key)' to be \(expected) but it is \(String(describing: metadata[key]))"
            )
        }
    }

    /// A message from a table row with `body`, `generators` and `metadata` columns.
    static func configuredMessage(_ row: [String: String], world: ScenarioWorld) throws -> Message {
        var message = Message()
        if let body = row["body"], !body.isEmpty { message.contents = try world.fixtures.body(body) }
        if let metadata = row["metadata"], !metadata.isEmpty {
            guard case .object(let values) = try Fixtures.parseJSON(metadata) else {
                throw StepFailure("the metadata '\(metadata)' is not a JSON object")
            }
            message.metadata = values
        }
        if let generators = row["generators"], !generators.isEmpty {
            let json = try world.fixtures.jsonCell(generators)
            do {
                message.generators = try Message(json: ["generators": json], specification: .v4).generators
            } catch {
                throw StepFailure("the generators '\(generators)' could not be read: \(error)")
            }
        }
        return message
    }

    /// Runs the consumer test as a user writes it — `withPactMessages` / `withPactSynchronousMessages` with a handler
    /// that keeps what it receives, or fails as the scenario says — and observes what it left: the messages handed
    /// to the handler (generators applied), the issue it recorded, and whether it wrote the pact file.
    static func processMessages(_ world: ScenarioWorld, failure: String?) async throws {
        let configuration = ContractConfiguration(
            consumer: consumerName,
            provider: providerName,
            directory: world.outputDirectory,
            specification: world.writtenSpecification
        )
        let asynchronous = world.interactions.compactMap(PactMessage.init)
        let synchronous = world.interactions.compactMap(PactSynchronousMessage.init)
        let issues = RecordedTexts()
        var received: [Interaction] = []
        world.consumerTestRan = true
        try await withKnownIssue("a failing handler is what some scenarios expect", isIntermittent: true) {
            if !asynchronous.isEmpty {
                try await withPactMessages(asynchronous, configuration: configuration) { message in
                    if let failure { throw ConsumerTestFailure(description: failure) }
                    received.append(
                        Interaction(description: message.description, kind: .asynchronousMessage(Self.message(message)))
                    )
                }
            }
            if !synchronous.isEmpty {
                try await withPactSynchronousMessages(synchronous, configuration: configuration) { request, responses in
                    if let failure { throw ConsumerTestFailure(description: failure) }
                    received.append(
                        Interaction(
                            description: request.description,
                            kind: .synchronousMessage(
                                request: Self.message(request),
                                responses: responses.map(Self.message)
                            )
                        )
                    )
                }
            }
        } matching: { issue in
            issues.append(issue.comments.map(\.rawValue).joined(separator: "\n"))
            return true
        }
        world.receivedMessages = received
        // "The consumer could not handle the (synchronous) message 'description': <the handler's error>"
        world.consumerTestError = issues.texts.first.map { text in
            guard let range = text.range(of: "': ") else { return text }
            return String(text[range.upperBound...])
        }
        try world.observePact(consumer: consumerName, provider: providerName)
    }

    /// A received message as a contract message: its bytes read back with its content type.
    static func message(_ received: ReceivedMessage) -> Message {
        Message(
            contents: Body.fromWire([UInt8](received.contents), contentType: received.contentType),
            metadata: received.metadata
        )
    }

    static func generated(_ message: Message, context: inout GeneratorContext) throws(StepFailure) -> Message {
        let result = message.applyingGenerators(mode: .consumer, context: &context)
        if !result.problems.isEmpty {
            throw StepFailure("the generators failed: \(result.problems.map(\.description))")
        }
        return result.value
    }

    /// Every message the handler received that carries a payload: asynchronous messages and the responses
    /// of synchronous ones.
    static func receivedPayloads(_ world: ScenarioWorld) -> [Message] {
        world.receivedMessages.flatMap { interaction -> [Message] in
            switch interaction.kind {
            case .asynchronousMessage(let message): return [message]
            case .synchronousMessage(_, let responses): return responses
            case .http: return []
            }
        }
    }

    static func message(of interaction: Interaction, side: String?) throws(StepFailure) -> Message {
        switch (interaction.kind, side ?? "") {
        case (.asynchronousMessage(let message), ""): return message
        case (.synchronousMessage(let request, _), ""), (.synchronousMessage(let request, _), "request"):
            return request
        case (.synchronousMessage(_, let responses), "response"):
            guard let first = responses.first else { throw StepFailure("the synchronous message has no response") }
            return first
        default:
            throw StepFailure("the interaction '\(interaction.description)' has no \(side ?? "message") message")
        }
    }

    static func receivedMessage(_ world: ScenarioWorld, side: String) throws(StepFailure) -> Message {
        guard let first = world.receivedMessages.first else { throw StepFailure("no message was received") }
        return try message(of: first, side: side.isEmpty ? nil : side)
    }

    static func definedMessage(_ world: ScenarioWorld, side: String) throws(StepFailure) -> Message {
        guard let first = world.interactions.first(where: { !$0.isHTTP }) else {
            throw StepFailure("no message is defined")
        }
        return try message(of: first, side: side.isEmpty ? nil : side)
    }

    static func firstWrittenInteraction(_ world: ScenarioWorld) throws(StepFailure) -> Interaction {
        guard let first = try writtenPact(world).interactions.first else {
            throw StepFailure("the pact file has no interactions")
        }
        return first
    }

    static func writtenMessage(_ world: ScenarioWorld, side: String?) throws(StepFailure) -> Message {
        try message(of: try firstWrittenInteraction(world), side: side)
    }

    static func writtenResponses(_ world: ScenarioWorld) throws(StepFailure) -> [Message] {
        guard case .synchronousMessage(_, let responses) = try firstWrittenInteraction(world).kind else {
            throw StepFailure("the first interaction is not a synchronous message")
        }
        return responses
    }
}
