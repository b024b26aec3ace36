import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A provider on 127.0.0.1 (port 0) that answers every request `200 {"ok":true}` on a keep-alive connection and
/// records what arrived: the request target exactly as sent, and the connection it came on.
///
/// With `closing`, it answers as an HTTP/1.0 server does (no keep-alive) and closes each connection after its
/// response; ``dropUnusedConnections()`` closes the connections on which no request has arrived (as a server's
/// idle time-out does).
final class RecordingProvider: Sendable {
    struct Request: Sendable, Equatable {
        var connection: Int
        var method: String
        var target: String
    }

    private let channel: any Channel
    private let state = NIOLockedValueBox<(requests: [Request], connections: Int, open: Int)>(([], 0, 0))
    private let unused = NIOLockedValueBox<[Int: any Channel]>([:])

    var port: Int { channel.localAddress?.port ?? 0 }
    var requests: [Request] { state.withLockedValue { $0.requests } }
    /// How many connections were accepted.
    var connections: Int { state.withLockedValue { $0.connections } }
    /// How many connections are open now.
    var openConnections: Int { state.withLockedValue { $0.open } }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let provider: RecordingProvider
        let connection: Int
        let closing: Bool

        init(provider: RecordingProvider, connection: Int, closing: Bool) {
            self.provider = provider
            self.connection = connection
            self.closing = closing
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else {
                if case .end = unwrapInboundIn(data) { answer(context: context) }
                return
            }
            provider.unused.withLockedValue { _ = $0.removeValue(forKey: connection) }
            provider.state.withLockedValue {
                $0.requests.append(Request(connection: connection, method: head.method.rawValue, target: head.uri))
            }
        }

        private func answer(context: ChannelHandlerContext) {
            let body = ByteBuffer(string: #"{"ok":true}"#)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.readableBytes))
            let head = HTTPResponseHead(version: closing ? .http1_0 : .http1_1, status: .ok, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if closing {
                let channel = context.channel
                written.whenComplete { _ in channel.close(promise: nil) }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            provider.state.withLockedValue { $0.open -= 1 }
            context.fireChannelInactive()
        }
    }

    private init(channel: any Channel) { self.channel = channel }

    static func start(closing: Bool = false) async throws -> RecordingProvider {
        let box = NIOLockedValueBox<RecordingProvider?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let provider = box.withLockedValue({ $0 }) else { throw ChannelError.ioOnClosedChannel }
                    let number = provider.state.withLockedValue { state in
                        state.connections += 1
                        state.open += 1
                        return state.connections
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    let handler = Handler(provider: provider, connection: number, closing: closing)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    provider.unused.withLockedValue { $0[number] = channel }
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let provider = RecordingProvider(channel: channel)
        box.withLockedValue { $0 = provider }
        return provider
    }

    func stop() async { try? await channel.close() }

    /// Closes every connection on which no request has arrived yet.
    func dropUnusedConnections() {
        let channels = unused.withLockedValue { unused in
            defer { unused = [:] }
            return Array(unused.values)
        }
        for channel in channels { channel.close(promise: nil) }
    }
}
