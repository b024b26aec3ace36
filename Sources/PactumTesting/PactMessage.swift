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
    /// Where the contents were described, for reporting examples that break their own matchers.
    var locations: [Mismatch.Side: SourceLocation] = [:]
    /// Values that could not be built, reported by the contract test.
    var buildProblems: [BuildProblem] = []

    public init(_ description: String) {
        interaction = Interaction(description: description, kind: .asynchronousMessage(Message()))
    }

    /// An asynchronous message built with PactumCore or read from a contract; nil when it is not one.
    public init?(_ interaction: Interaction) {
        guard case .asynchronousMessage = interaction.kind else { return nil }
        self.interaction = interaction
    }

    public func given(_ state: String, _ params: [String: JSONValue] = [:]) -> PactMessage {
        var copy = self
        copy.interaction.providerStates.append(ProviderState(state, params: params))
        return copy
    }

    /// JSON contents, with matchers.
    public func withContent(
        _ content: PactValue,
        contentType: String = "application/json",
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactMessage {
        var copy = self
        copy.locations[.message] = sourceLocation
        let compiled = content.compile()
        copy.buildProblems += BuildProblem.list(compiled.problems(in: "contents"), side: .message, at: sourceLocation)
        return copy.update { message in
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

    /// Binary contents.
    public func withContent(data: Data, contentType: String = "application/octet-stream") -> PactMessage {
        withContent(bytes: [UInt8](data), contentType: contentType)
    }

    /// Message metadata (headers of the broker's message), values may be matchers.
    public func withMetadata(
        _ metadata: [String: PactValue],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactMessage {
        var copy = self
        if copy.locations[.message] == nil { copy.locations[.message] = sourceLocation }
        let compiled = metadata.mapValues { $0.compile() }
        for (key, value) in compiled {
            copy.buildProblems += BuildProblem.list(
                value.problems(in: "metadata \(key)"),
                side: .message,
                at: sourceLocation
            )
        }
        return copy.update { message in
            for (key, compiled) in compiled {
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
    /// Where the request and the responses were described, for reporting examples that break their own matchers.
    var locations: [Mismatch.Side: SourceLocation] = [:]
    /// Values that could not be built, reported by the contract test.
    var buildProblems: [BuildProblem] = []

    public init(_ description: String) {
        interaction = Interaction(
            description: description,
            kind: .synchronousMessage(request: Message(), responses: [])
        )
    }

    /// A synchronous message built with PactumCore or read from a contract; nil when it is not one.
    public init?(_ interaction: Interaction) {
        guard case .synchronousMessage = interaction.kind else { return nil }
        self.interaction = interaction
    }

    public func given(_ state: String, _ params: [String: JSONValue] = [:]) -> PactSynchronousMessage {
        var copy = self
        copy.interaction.providerStates.append(ProviderState(state, params: params))
        return copy
    }

    /// The request message's JSON contents and metadata.
    public func withRequest(
        _ content: PactValue,
        metadata: [String: PactValue] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactSynchronousMessage {
        var copy = self
        guard case .synchronousMessage(_, let responses) = interaction.kind else { return copy }
        let built = PactSynchronousMessage.message(content, metadata, sourceLocation)
        copy.locations[.request] = sourceLocation
        copy.buildProblems += built.buildProblems
        copy.interaction.kind = .synchronousMessage(request: built.message, responses: responses)
        return copy
    }

    /// A response message's JSON contents and metadata (call again for several responses).
    public func willRespondWith(
        _ content: PactValue,
        metadata: [String: PactValue] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> PactSynchronousMessage {
        var copy = self
        guard case .synchronousMessage(let request, var responses) = interaction.kind else { return copy }
        let built = PactSynchronousMessage.message(content, metadata, sourceLocation)
        copy.locations[.response] = sourceLocation
        copy.buildProblems += built.buildProblems
        responses.append(built.message)
        copy.interaction.kind = .synchronousMessage(request: request, responses: responses)
        return copy
    }

    static func message(
        _ content: PactValue,
        _ metadata: [String: PactValue],
        _ sourceLocation: SourceLocation
    ) -> (message: Message, buildProblems: [BuildProblem]) {
        let built = PactMessage("").withContent(content, sourceLocation: sourceLocation)
            .withMetadata(metadata, sourceLocation: sourceLocation)
        guard case .asynchronousMessage(let message) = built.interaction.kind else { return (Message(), []) }
        return (message, built.buildProblems)
    }
}

/// A message as the consumer's handler receives it: contents (generators applied) and metadata.
///
/// ```swift
/// try await withPactMessages([bookAdded]) { message in
///     let event = try message.decode(BookAdded.self)   // or message.contents (Data), message.json, message.text
///     try await handler.handle(event)
/// }
/// ```
public struct ReceivedMessage: Sendable {
    /// The interaction's description.
    public var description: String
    /// The contents as bytes: the JSON, text or binary contents of the message.
    public var contents: Data
    /// The metadata (topic, content type, headers of the broker's message), generators applied.
    public var metadata: [String: JSONValue]
    /// The contents' media type (`application/json`, `text/plain`, …), when the contract gives one.
    public var contentType: String?

    public init(description: String, contents: Data, metadata: [String: JSONValue], contentType: String? = nil) {
        self.description = description
        self.contents = contents
        self.metadata = metadata
        self.contentType = contentType
    }

    /// The contents parsed as JSON (nil when they are not JSON).
    public var json: JSONValue? { try? JSONParser.parse(contents) }

    /// The contents as UTF-8 text (nil when they are not valid UTF-8).
    public var text: String? { String(data: contents, encoding: .utf8) }

    /// The contents decoded into a `Decodable` type.
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(type, from: contents)
    }
}

/// Feeds each message to the consumer's handler; a handler that throws fails the test at the caller.
/// When every message was handled, the messages are merged into the contract file.
///
/// The consumer and provider come from the enclosing `.pact(consumer:provider:)` trait, or from `configuration`.
public func withPactMessages(
    _ messages: [PactMessage],
    configuration: ContractConfiguration? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    handler: (ReceivedMessage) async throws -> Void
) async throws {
    let configuration = try ContractConfiguration.resolve(configuration)
    var failed = ContractCheck.reportBuildProblems(messages, fallback: sourceLocation)
    for pactMessage in messages {
        guard case .asynchronousMessage(let message) = pactMessage.interaction.kind else { continue }
        var context = GeneratorContext()
        let generated = message.applyingGenerators(mode: .consumer, context: &context).value
        let received = ReceivedMessage(
            description: pactMessage.interaction.description,
            contents: Data(generated.contents.bytes),
            metadata: generated.metadata,
            contentType: generated.contents.contentType ?? generated.metadata["contentType"]?.stringValue
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
///
/// The consumer and provider come from the enclosing `.pact(consumer:provider:)` trait, or from `configuration`.
public func withPactSynchronousMessages(
    _ messages: [PactSynchronousMessage],
    configuration: ContractConfiguration? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    handler: (_ request: ReceivedMessage, _ responses: [ReceivedMessage]) async throws -> Void
) async throws {
    let configuration = try ContractConfiguration.resolve(configuration)
    var failed = ContractCheck.reportBuildProblems(messages, fallback: sourceLocation)
    for pactMessage in messages {
        guard case .synchronousMessage(let request, let responses) = pactMessage.interaction.kind else { continue }
        var context = GeneratorContext()
        let description = pactMessage.interaction.description
        func received(_ message: Message) -> ReceivedMessage {
            let generated = message.applyingGenerators(mode: .consumer, context: &context).value
            return ReceivedMessage(
                description: description,
                contents: Data(generated.contents.bytes),
                metadata: generated.metadata,
                contentType: generated.contents.contentType ?? generated.metadata["contentType"]?.stringValue
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
