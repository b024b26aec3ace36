import Foundation
import PactumCore
import Testing

/// An asynchronous message (an event on a queue or topic) the consumer must be able to handle.
///
/// ```swift
/// PactMessage("a book was added")
///     .given("a book with id 42 exists", ["id": 42])
///     .withContent(["id": .integer(42), "title": .like("Dune")])
///     .withMetadata(["topic": "books"])
/// ```
public struct PactMessage: Sendable {
    public private(set) var interaction: Interaction

    public init(_ description: String) {
        interaction = Interaction(description: description, kind: .asynchronousMessage(Message()))
    }

    public func given(_ state: String, _ params: [String: JSONValue] = [:]) -> PactMessage {
        var copy = self
        copy.interaction.providerStates.append(ProviderState(state, params: params))
        return copy
    }

    /// JSON contents, with matchers.
    public func withContent(_ content: PactValue, contentType: String = "application/json") -> PactMessage {
        update { message in
            let compiled = content.compile()
            message.contents = Body(.json(compiled.example), contentType: contentType)
            PactInteraction.addBodyRules(compiled, to: &message.matchingRules, generators: &message.generators)
            if message.metadata["contentType"] == nil { message.metadata["contentType"] = .string(contentType) }
        }
    }

    /// Text contents (XML, CSV, plain text, …).
    public func withContent(text: String, contentType: String = "text/plain") -> PactMessage {
        update { message in
            message.contents = Body(.text(text), contentType: contentType)
            if message.metadata["contentType"] == nil { message.metadata["contentType"] = .string(contentType) }
        }
    }

    /// Binary contents.
    public func withContent(bytes: [UInt8], contentType: String = "application/octet-stream") -> PactMessage {
        update { message in
            message.contents = Body(.binary(bytes), contentType: contentType)
            if message.metadata["contentType"] == nil { message.metadata["contentType"] = .string(contentType) }
        }
    }

    /// Message metadata (headers of the broker's message), values may be matchers.
    public func withMetadata(_ metadata: [String: PactValue]) -> PactMessage {
        update { message in
            for (key, value) in metadata {
                let compiled = value.compile()
                message.metadata[key] = compiled.example
                PactInteraction.addNamedRules(
                    compiled,
                    name: key,
                    category: "metadata",
                    to: &message.matchingRules,
                    generators: &message.generators
                )
            }
        }
    }

    private func update(_ change: (inout Message) -> Void) -> PactMessage {
        var copy = self
        if case .asynchronousMessage(var message) = interaction.kind {
            change(&message)
            copy.interaction.kind = .asynchronousMessage(message)
        }
        return copy
    }
}

/// A V4 synchronous message: a request message the consumer sends and the response message(s) it expects.
public struct PactSynchronousMessage: Sendable {
    public private(set) var interaction: Interaction

    public init(_ description: String) {
        interaction = Interaction(
            description: description,
            kind: .synchronousMessage(request: Message(), responses: [])
        )
    }

    public func given(_ state: String, _ params: [String: JSONValue] = [:]) -> PactSynchronousMessage {
        var copy = self
        copy.interaction.providerStates.append(ProviderState(state, params: params))
        return copy
    }

    /// The request message's JSON contents and metadata.
    public func withRequest(_ content: PactValue, metadata: [String: PactValue] = [:]) -> PactSynchronousMessage {
        var copy = self
        guard case .synchronousMessage(_, let responses) = interaction.kind else { return copy }
        copy.interaction.kind = .synchronousMessage(
            request: PactSynchronousMessage.message(content, metadata),
            responses: responses
        )
        return copy
    }

    /// A response message's JSON contents and metadata (call again for several responses).
    public func willRespondWith(_ content: PactValue, metadata: [String: PactValue] = [:]) -> PactSynchronousMessage {
        var copy = self
        guard case .synchronousMessage(let request, var responses) = interaction.kind else { return copy }
        responses.append(PactSynchronousMessage.message(content, metadata))
        copy.interaction.kind = .synchronousMessage(request: request, responses: responses)
        return copy
    }

    static func message(_ content: PactValue, _ metadata: [String: PactValue]) -> Message {
        let built = PactMessage("").withContent(content).withMetadata(metadata)
        guard case .asynchronousMessage(let message) = built.interaction.kind else { return Message() }
        return message
    }
}

/// A message as the consumer's handler receives it: contents (generators applied) and metadata.
public struct ReceivedMessage: Sendable {
    public var description: String
    public var contents: [UInt8]
    public var metadata: [String: JSONValue]

    /// The contents decoded as JSON.
    public var json: JSONValue? { try? JSONParser.parse(bytes: contents) }

    /// The contents decoded into a `Decodable` type.
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: Data(contents))
    }
}

/// Feeds each message to the consumer's handler; a handler that throws fails the test at the caller.
/// When every message was handled, the messages are merged into the contract file.
public func withPactMessages(
    _ configuration: ContractConfiguration? = nil,
    _ messages: [PactMessage],
    sourceLocation: SourceLocation = #_sourceLocation,
    handler: (ReceivedMessage) async throws -> Void
) async throws {
    let configuration = try ContractConfiguration.resolve(configuration)
    var failed = false
    for pactMessage in messages {
        guard case .asynchronousMessage(let message) = pactMessage.interaction.kind else { continue }
        var context = GeneratorContext()
        let generated = message.applyingGenerators(mode: .consumer, context: &context).value
        let received = ReceivedMessage(
            description: pactMessage.interaction.description,
            contents: generated.contents.bytes,
            metadata: generated.metadata
        )
        do {
            try await handler(received)
        } catch {
            failed = true
            Issue.record(
                Comment(
                    rawValue:
                        "The consumer could not handle the message '\(pactMessage.interaction.description)': \(error)"
                ),
                sourceLocation: sourceLocation
            )
        }
    }
    guard !failed else { return }
    try ContractFile.merge(
        messages.map(\.interaction),
        consumer: configuration.consumer,
        provider: configuration.provider,
        specification: max(configuration.specification, .v3),
        directory: configuration.directory
    )
}

/// Runs the consumer's handler for each synchronous message: it gets the request and the expected
/// response(s) and must handle the response; a throwing handler fails the test at the caller.
public func withPactSynchronousMessages(
    _ configuration: ContractConfiguration? = nil,
    _ messages: [PactSynchronousMessage],
    sourceLocation: SourceLocation = #_sourceLocation,
    handler: (_ request: ReceivedMessage, _ responses: [ReceivedMessage]) async throws -> Void
) async throws {
    let configuration = try ContractConfiguration.resolve(configuration)
    var failed = false
    for pactMessage in messages {
        guard case .synchronousMessage(let request, let responses) = pactMessage.interaction.kind else { continue }
        var context = GeneratorContext()
        let description = pactMessage.interaction.description
        func received(_ message: Message) -> ReceivedMessage {
            let generated = message.applyingGenerators(mode: .consumer, context: &context).value
            return ReceivedMessage(
                description: description,
                contents: generated.contents.bytes,
                metadata: generated.metadata
            )
        }
        let requestMessage = received(request)
        let responseMessages = responses.map { received($0) }
        do {
            try await handler(requestMessage, responseMessages)
        } catch {
            failed = true
            Issue.record(
                Comment(rawValue: "The consumer could not handle the synchronous message '\(description)': \(error)"),
                sourceLocation: sourceLocation
            )
        }
    }
    guard !failed else { return }
    try ContractFile.merge(
        messages.map(\.interaction),
        consumer: configuration.consumer,
        provider: configuration.provider,
        specification: .v4,
        directory: configuration.directory
    )
}
