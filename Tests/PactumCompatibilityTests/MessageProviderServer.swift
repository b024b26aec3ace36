import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PactumCore
import Synchronization

/// A message provider as the official verifier expects one: an HTTP server on 127.0.0.1 (a free port) that answers
/// `POST /` with `{"description": …, "providerStates": […]}` by sending the message of that description: its
/// contents as the body, its content type as `Content-Type`, its other metadata as base64 JSON in the
/// `Pact-Message-Metadata` header. A description it cannot generate gets a `404`.
final class MessageProviderServer: Sendable {
    /// A message the provider can generate.
    struct GeneratedMessage: Sendable {
        var contents: Body
        var metadata: [String: JSONValue]
    }

    /// One request the provider received: the JSON it was sent, or nil when the body was not JSON.
    struct ReceivedRequest: Sendable {
        var method: String
        var uri: String
        var body: JSONValue?
    }

    private let channel: any Channel
    private let state: State
    /// The port the server listens on.
    let port: Int

    final class State: Sendable {
        let messages = Mutex<[String: GeneratedMessage]>([:])
        let received = Mutex<[ReceivedRequest]>([])

        /// The answer to one request.
        func respond(method: String, uri: String, body: [UInt8]) -> (status: Int, headers: [(String, String)], [UInt8])
        {
            let json = try? JSONParser.parse(bytes: body)
            received.withLock { $0.append(ReceivedRequest(method: method, uri: uri, body: json)) }
            guard method == "POST", let description = json?["description"]?.stringValue else {
                return (400, [("Content-Type", "text/plain")], Array("Expected a POST with a description".utf8))
            }
            guard let message = messages.withLock({ $0[description] }) else {
                return (404, [("Content-Type", "text/plain")], Array("No message '\(description)'".utf8))
            }
            var headers: [(String, String)] = []
            var metadata = message.metadata
            if let type = message.contents.contentType ?? metadata["contentType"]?.stringValue {
                headers.append(("Content-Type", type))
            }
            metadata["contentType"] = nil
            if !metadata.isEmpty {
                let encoded = Data(JSONWriter.compact(.object(metadata)).utf8).base64EncodedString()
                headers.append(("Pact-Message-Metadata", encoded))
            }
            return (200, headers, message.contents.bytes)
        }
    }

    private init(channel: any Channel, state: State, port: Int) {
        self.channel = channel
        self.state = state
        self.port = port
    }

    /// Starts a server that can generate no message yet (see ``add(_:contents:metadata:)``).
    static func start() async throws -> MessageProviderServer {
        let state = State()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(state: state))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw StepFailure("the message provider did not report the port it listens on")
        }
        return MessageProviderServer(channel: channel, state: state, port: port)
    }

    /// Lets the provider generate the message with this description.
    func add(_ description: String, contents: Body, metadata: [String: JSONValue]) {
        state.messages.withLock { $0[description] = GeneratedMessage(contents: contents, metadata: metadata) }
    }

    /// The requests received so far, in order.
    var received: [ReceivedRequest] { state.received.withLock { $0 } }

    func shutdown() async {
        try? await channel.close()
    }

    /// Collects a request and writes the state's answer.
    private final class RequestHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let state: State
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(state: State) {
            self.state = state
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let requestHead):
                head = requestHead
                body = []
            case .body(let chunk):
                body += chunk.readableBytesView
            case .end:
                guard let requestHead = head else { return }
                head = nil
                let (status, headerList, bytes) = state.respond(
                    method: requestHead.method.rawValue,
                    uri: requestHead.uri,
                    body: body
                )
                var headers = HTTPHeaders(headerList)
                headers.add(name: "Content-Length", value: String(bytes.count))
                headers.add(name: "Connection", value: requestHead.isKeepAlive ? "keep-alive" : "close")
                let responseHead = HTTPResponseHead(
                    version: requestHead.version,
                    status: HTTPResponseStatus(statusCode: status),
                    headers: headers
                )
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                if !bytes.isEmpty {
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
                }
                let channel = context.channel
                let keepAlive = requestHead.isKeepAlive
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                    if !keepAlive { channel.close(promise: nil) }
                }
            }
        }
    }
}
