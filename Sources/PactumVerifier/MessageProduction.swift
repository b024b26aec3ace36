import PactumCore

/// What the verifier asks a message producer for: the message an interaction describes.
public struct MessageRequest: Sendable, Hashable {
    public var description: String
    public var providerStates: [ProviderState]
    /// The request message of a synchronous message interaction; `nil` for asynchronous messages.
    public var request: Message?

    public init(description: String, providerStates: [ProviderState] = [], request: Message? = nil) {
        self.description = description
        self.providerStates = providerStates
        self.request = request
    }
}

/// A message a provider produced, to be compared with the contract.
public struct ProducedMessage: Sendable, Hashable {
    public var contents: Body
    public var metadata: [String: JSONValue]

    public init(contents: Body, metadata: [String: JSONValue] = [:]) {
        self.contents = contents
        self.metadata = metadata
    }

    /// A JSON message.
    public static func json(_ value: JSONValue, metadata: [String: JSONValue] = [:]) -> ProducedMessage {
        var metadata = metadata
        if metadata["contentType"] == nil { metadata["contentType"] = .string("application/json") }
        return ProducedMessage(contents: .json(value), metadata: metadata)
    }
}

/// A Swift closure that produces the message for a request.
public typealias MessageProducer = @Sendable (MessageRequest) async throws -> ProducedMessage

/// How the verifier obtains the messages of message interactions.
public struct MessageProduction: Sendable {
    enum Storage: Sendable {
        case http(path: String)
        case callback(MessageProducer)
        case producers([String: MessageProducer])
    }

    let storage: Storage

    /// POST `{"description", "providerStates", "request"}` to an endpoint of the provider and read the message from
    /// the response (body, `Content-Type`, and metadata from a base64 JSON `Pact-Message-Metadata` header): the
    /// convention of the official verifier. The path is relative to the provider's base path.
    public static func http(path: String = "/") -> MessageProduction { MessageProduction(storage: .http(path: path)) }

    /// One closure for every message.
    public static func callback(_ producer: @escaping MessageProducer) -> MessageProduction {
        MessageProduction(storage: .callback(producer))
    }

    /// A closure for each message description.
    public static func producers(_ producers: [String: MessageProducer]) -> MessageProduction {
        MessageProduction(storage: .producers(producers))
    }
}
