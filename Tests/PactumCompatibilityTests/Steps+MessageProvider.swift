import Foundation
import PactumCore
import PactumVerifier

/// Steps of `V3/message_provider` and `V4/message_provider`: a real message provider over HTTP
/// (`MessageProviderServer`, the official verifier's convention that `MessageProduction.http` follows) and
/// message pacts written to disk. The verification steps are those of `Steps+HTTPProvider.swift`.
extension Steps {
    static let messageConsumerName = "c"

    static let messageProvider: [StepDefinition] = [
        StepDefinition(
            "a provider is started that can generate the \(StepRegistry.string) message with \(StepRegistry.string)"
        ) { world, arguments in
            try await startMessageProvider(world, description: arguments[0], body: arguments[1], metadata: [:])
        },
        StepDefinition(
            "a provider is started that can generate the \(StepRegistry.string) message with \(StepRegistry.string) and the following metadata:"
        ) { world, arguments in
            let metadata = try metadataTable(arguments)
            try await startMessageProvider(world, description: arguments[0], body: arguments[1], metadata: metadata)
        },
        StepDefinition("a Pact file for \(StepRegistry.string):\(StepRegistry.string) is to be verified") {
            world,
            arguments in
            let message = try messageWithBody(arguments[1], world: world)
            try addMessagePact(world, description: arguments[0], message: message) { _ in }
        },
        StepDefinition(
            "a Pact file for \(StepRegistry.string):\(StepRegistry.string) is to be verified with provider state \(StepRegistry.string)"
        ) { world, arguments in
            try addMessagePact(
                world,
                description: arguments[0],
                message: try messageWithBody(arguments[1], world: world)
            ) {
                $0.providerStates = [ProviderState(arguments[2])]
            }
        },
        StepDefinition(
            "a Pact file for \(StepRegistry.string):\(StepRegistry.string) is to be verified with the following metadata:"
        ) { world, arguments in
            var message = try messageWithBody(arguments[1], world: world)
            message.metadata.merge(try metadataTable(arguments)) { _, new in new }
            try addMessagePact(world, description: arguments[0], message: message) { _ in }
        },
        StepDefinition(
            "a Pact file for \(StepRegistry.string):\(StepRegistry.string) is to be verified, but is marked pending"
        ) {
            world,
            arguments in
            try addMessagePact(
                world,
                description: arguments[0],
                message: try messageWithBody(arguments[1], world: world)
            ) {
                $0.pending = true
            }
        },
        StepDefinition(
            "a Pact file for \(StepRegistry.string):\(StepRegistry.string) is to be verified with the following comments:"
        ) { world, arguments in
            let comments = try commentsTable(arguments)
            try addMessagePact(
                world,
                description: arguments[0],
                message: try messageWithBody(arguments[1], world: world)
            ) {
                $0.comments = comments
            }
        },
        StepDefinition("a Pact file for \(StepRegistry.string) is to be verified with the following:") {
            world,
            arguments in
            var message = Message()
            for row in try arguments.requireTable() {
                guard row.count == 2 else { throw StepFailure("expected 'name | value' rows, got \(row)") }
                switch row[0] {
                case "body":
                    let metadata = message.metadata
                    message = try messageWithBody(row[1], world: world)
                    message.metadata.merge(metadata) { _, new in new }
                case "matching rules":
                    let json = try world.fixtures.jsonCell(row[1])
                    do {
                        message.matchingRules = try Message(json: ["matchingRules": json], specification: .v4)
                            .matchingRules
                    } catch {
                        throw StepFailure("the matching rules '\(row[1])' could not be read: \(error)")
                    }
                case "metadata":
                    for entry in row[1].split(separator: ";") {
                        let parts = entry.split(separator: "=", maxSplits: 1)
                        guard parts.count == 2 else { throw StepFailure("'\(entry)' is not 'key=value' metadata") }
                        let key = parts[0].trimmingCharacters(in: .whitespaces)
                        message.metadata[key] = try metadataValue(parts[1].trimmingCharacters(in: .whitespaces))
                    }
                default:
                    throw StepFailure("unknown message setting '\(row[0])'")
                }
            }
            try addMessagePact(world, description: arguments[0], message: message) { _ in }
        },
    ]

    /// Starts the message provider (once a scenario) and teaches it the message with this description.
    static func startMessageProvider(
        _ world: ScenarioWorld,
        description: String,
        body cell: String,
        metadata: [String: JSONValue]
    ) async throws {
        let server: MessageProviderServer
        if let running = world.provider.messageServer {
            server = running
        } else {
            server = try await MessageProviderServer.start()
            world.provider.messageServer = server
        }
        let message = try messageWithBody(cell, world: world)
        server.add(
            description,
            contents: message.contents,
            metadata: message.metadata.merging(metadata) { _, new in new }
        )
    }

    /// A message with a body from a step (`file: …`, `JSON: …`, `XML: …` or plain text) and its `contentType`
    /// metadata, as a consumer test would have written it.
    static func messageWithBody(_ cell: String, world: ScenarioWorld) throws -> Message {
        let body = try world.fixtures.body(cell)
        var metadata: [String: JSONValue] = [:]
        if let type = body.contentType { metadata["contentType"] = .string(type) }
        return Message(contents: body, metadata: metadata)
    }

    /// Writes a message pact of consumer `c` with one message and adds it to the sources.
    static func addMessagePact(
        _ world: ScenarioWorld,
        description: String,
        message: Message,
        change: (inout Interaction) -> Void
    ) throws {
        var interaction = Interaction(description: description, kind: .asynchronousMessage(message))
        change(&interaction)
        let pact = Pact(
            consumer: messageConsumerName,
            provider: providerName,
            interactions: [interaction],
            specification: max(world.writtenSpecification, .v3)
        )
        world.provider.sources.append(.file(try writeProviderPact(pact, world: world).path))
    }
}
