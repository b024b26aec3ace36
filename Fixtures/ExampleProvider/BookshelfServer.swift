import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The provider's HTTP/1.1 server on SwiftNIO: collects each request and answers it with `BookshelfAPI`.
final class BookshelfServer: Sendable {
    /// Requests with a larger body are refused with 413.
    static let maximumBodySize = 1024 * 1024

    let host: String
    let port: Int
    private let channel: any Channel

    private init(channel: any Channel, host: String, port: Int) {
        self.channel = channel
        self.host = host
        self.port = port
    }

    /// Binds `host:port` (port 0 picks a free one) and starts serving.
    static func start(
        host: String,
        port: Int,
        api: BookshelfAPI,
        log: (@Sendable (String) -> Void)?
    ) async throws -> BookshelfServer {
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(BookshelfRequestHandler(api: api, log: log))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        return BookshelfServer(channel: channel, host: host, port: channel.localAddress?.port ?? port)
    }

    /// Stops accepting connections; `waitUntilClosed` then returns.
    func close() {
        channel.close(promise: nil)
    }

    func waitUntilClosed() async {
        try? await channel.closeFuture.get()
    }
}

/// Collects one request (head and body), asks the API for the response and writes it.
private final class BookshelfRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let api: BookshelfAPI
    private let log: (@Sendable (String) -> Void)?
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(api: BookshelfAPI, log: (@Sendable (String) -> Void)?) {
        self.api = api
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            tooLarge = false
        case .body(let chunk):
            guard !tooLarge else { return }
            if body.count + chunk.readableBytes > BookshelfServer.maximumBodySize {
                tooLarge = true
                body = []
            } else {
                body += chunk.readableBytesView
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let response: ProviderResponse
            if tooLarge {
                response = .error(413, "The request body is larger than \(BookshelfServer.maximumBodySize) bytes")
            } else if let request = Self.request(from: requestHead, body: body) {
                response = api.respond(to: request)
            } else {
                response = .error(400, "Malformed request target '\(requestHead.uri)'")
            }
            body = []
            log?("\(requestHead.method.rawValue) \(requestHead.uri) -> \(response.status)")
            write(
                response,
                keepAlive: requestHead.isKeepAlive && !tooLarge,
                version: requestHead.version,
                context: context
            )
        }
    }

    /// The request with its path and query percent-decoded; nil when the target is not a valid origin-form URI.
    static func request(from head: HTTPRequestHead, body: [UInt8]) -> ProviderRequest? {
        guard head.uri.hasPrefix("/"), let components = URLComponents(string: head.uri) else { return nil }
        var query: [String: [String]] = [:]
        for item in components.queryItems ?? [] {
            // Form encoding writes spaces as '+'; URLComponents leaves them alone.
            let value = (item.value ?? "").replacingOccurrences(of: "+", with: " ")
            query[item.name.replacingOccurrences(of: "+", with: " "), default: []].append(value)
        }
        return ProviderRequest(
            method: head.method.rawValue,
            path: components.path,
            query: query,
            headers: head.headers.map { ($0.name, $0.value) },
            body: body
        )
    }

    private func write(
        _ response: ProviderResponse,
        keepAlive: Bool,
        version: HTTPVersion,
        context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(
            version: version,
            status: HTTPResponseStatus(statusCode: response.status),
            headers: headers
        )
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !response.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
