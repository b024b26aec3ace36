import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import PactumCore

/// A small HTTP/1.1 server on SwiftNIO that hands each complete request to a synchronous handler.
///
/// It runs on the shared NIO event loops (no threads of its own), so starting and stopping one costs
/// a socket bind and close. Connections it accepted are closed when it shuts down.
final class LoopbackHTTPServer: Sendable {
    typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    /// Requests larger than this are refused with 413.
    static let maximumBodySize = 32 * 1024 * 1024

    let port: Int
    let host: String
    private let channel: any Channel
    private let connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>

    private init(
        channel: any Channel,
        host: String,
        port: Int,
        connections: NIOLockedValueBox<[ObjectIdentifier: any Channel]>
    ) {
        self.channel = channel
        self.host = host
        self.port = port
        self.connections = connections
    }

    static func start(host: String, port: Int, handler: @escaping Handler) async throws -> LoopbackHTTPServer {
        let connections = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                connections.withLockedValue { $0[id] = channel }
                channel.closeFuture.whenComplete { _ in
                    _ = connections.withLockedValue { $0.removeValue(forKey: id) }
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(HTTPRequestHandler(handler: handler))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        let boundPort = channel.localAddress?.port ?? port
        return LoopbackHTTPServer(channel: channel, host: host, port: boundPort, connections: connections)
    }

    /// Stops accepting connections and closes the open ones.
    func shutdown() async {
        try? await channel.close()
        let open = connections.withLockedValue { Array($0.values) }
        for connection in open {
            try? await connection.close()
        }
    }
}

/// Runs `body` with a started server and shuts the server down afterwards, also when `body` throws.
func withStartedServer<Server, Result>(
    _ start: () async throws -> Server,
    shutdown: (Server) async -> Void,
    _ body: (Server) async throws -> Result
) async throws -> Result {
    let server = try await start()
    do {
        let result = try await body(server)
        await shutdown(server)
        return result
    } catch {
        await shutdown(server)
        throw error
    }
}

/// Collects one request (head and body), asks the handler for the response and writes it.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: LoopbackHTTPServer.Handler
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false

    init(handler: @escaping LoopbackHTTPServer.Handler) {
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            tooLarge = false
        case .body(var chunk):
            guard !tooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > LoopbackHTTPServer.maximumBodySize {
                tooLarge = true
                body = nil
                return
            }
            if body == nil {
                body = chunk
            } else {
                body!.writeBuffer(&chunk)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let response: HTTPResponse
            if tooLarge {
                response = HTTPResponse(
                    status: 413,
                    headers: ["Content-Type": ["application/json"]],
                    body: .json([
                        "error": .string("Request body larger than \(LoopbackHTTPServer.maximumBodySize) bytes")
                    ])
                )
            } else {
                let bytes = body.map { Array($0.readableBytesView) } ?? []
                response = handler(HTTPRequestHandler.request(from: requestHead, body: bytes))
            }
            body = nil
            write(
                response,
                keepAlive: requestHead.isKeepAlive && !tooLarge,
                version: requestHead.version,
                context: context
            )
        }
    }

    static func request(from head: HTTPRequestHead, body: [UInt8]) -> HTTPRequest {
        let uri = head.uri
        let pathPart: Substring
        var query: [String: [String]]?
        if let mark = uri.firstIndex(of: "?") {
            pathPart = uri[..<mark]
            let queryText = String(uri[uri.index(after: mark)...])
            query = queryText.isEmpty ? nil : QueryString.parse(queryText)
        } else {
            pathPart = Substring(uri)
        }
        let path = String(pathPart).removingPercentEncoding ?? String(pathPart)
        var headers: [String: [String]] = [:]
        var order: [String: String] = [:]
        for (name, value) in head.headers {
            let key = order[name.lowercased()] ?? name
            order[name.lowercased()] = key
            headers[key, default: []].append(value)
        }
        let contentType = headers.first { $0.key.lowercased() == "content-type" }?.value.first
        let requestBody = body.isEmpty ? Body.missing : Body.fromWire(body, contentType: contentType)
        return HTTPRequest(
            method: head.method.rawValue,
            path: path,
            query: query,
            headers: headers.isEmpty ? nil : headers,
            body: requestBody
        )
    }

    private func write(_ response: HTTPResponse, keepAlive: Bool, version: HTTPVersion, context: ChannelHandlerContext)
    {
        var headers = HTTPHeaders()
        for (name, values) in (response.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            for value in values { headers.add(name: name, value: value) }
        }
        let bytes = response.body.isPresent ? response.body.bytes : (response.body.content == .null ? [] : [])
        if bytes.count > 0, !headers.contains(name: "Content-Type") {
            if let type = response.body.contentType {
                headers.add(name: "Content-Type", value: type)
            } else if case .json = response.body.content {
                headers.add(name: "Content-Type", value: "application/json")
            }
        }
        headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))),
            promise: nil
        )
        if !bytes.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }
}
