import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A scripted HTTP server on 127.0.0.1 (random port) that records every request: for the exact request sequences
/// and the retry behaviour, which a real broker cannot be made to show.
final class RecordingServer: Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [(name: String, value: String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var line: String { "\(method) \(uri)" }
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: String

        static func json(_ body: String) -> Reply { json(200, body) }

        static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Reply {
            Reply(
                status: status,
                headers: [("Content-Type", "application/hal+json;charset=utf-8")] + headers,
                body: body
            )
        }
    }

    typealias Handler = @Sendable (Request, _ baseURL: String) -> Reply

    private let recorded = NIOLockedValueBox<[Request]>([])
    private let channel: any Channel
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { recorded.withLockedValue { $0 } }

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Runs `body` with a server answering with `handler`, closed afterwards.
    static func with<T>(
        _ handler: @escaping Handler,
        _ body: (RecordingServer) async throws -> T
    ) async throws -> T {
        let box = NIOLockedValueBox<RecordingServer?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RecordingHandler(server: box, handler: handler))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = RecordingServer(channel: channel, port: channel.localAddress?.port ?? 0)
        box.withLockedValue { $0 = server }
        do {
            let result = try await body(server)
            try? await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    fileprivate func record(_ request: Request) { recorded.withLockedValue { $0.append(request) } }
}

private final class RecordingHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: NIOLockedValueBox<RecordingServer?>
    let handler: RecordingServer.Handler
    var head: HTTPRequestHead?
    var body = ByteBuffer()

    init(server: NIOLockedValueBox<RecordingServer?>, handler: @escaping RecordingServer.Handler) {
        self.server = server
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var buffer):
            body.writeBuffer(&buffer)
        case .end:
            guard let head, let server = server.withLockedValue({ $0 }) else { return }
            let request = RecordingServer.Request(
                method: head.method.rawValue,
                uri: head.uri,
                headers: head.headers.map { ($0.name, $0.value) },
                body: String(buffer: body)
            )
            server.record(request)
            let reply = handler(request, server.baseURL)
            var headers = HTTPHeaders(reply.headers)
            headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.utf8.count))
            let responseHead = HTTPResponseHead(
                version: head.version,
                status: HTTPResponseStatus(statusCode: reply.status),
                headers: headers
            )
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
