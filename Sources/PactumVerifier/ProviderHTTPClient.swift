import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The HTTP/1.1 client the verifier talks to the provider with (requests, state changes, HTTP message production),
/// on SwiftNIO: keep-alive connections per provider address, reused for the verifier's lifetime (one connection when
/// interactions run one after another; parallel test cases each take an idle one or open another).
///
/// Why not AsyncHTTPClient here: on a reused connection a provider that writes the status line and headers in one
/// `send` and the body in a second (Python's `http.server` with HTTP/1.1, many hand-written servers) stalls every
/// response by 40 ms. The provider's Nagle algorithm holds the body back until the headers are acknowledged, and our
/// side's kernel delays that acknowledgement (Linux's delayed ACK, 40 ms minimum) because a connection that sends
/// a request right after each response is treated as interactive ("ping-pong") and ACKs are kept back to ride on
/// the next request. Measured on 127.0.0.1 against `http.server`: 48.7 ms a request; the same client 0.3-0.6 ms
/// with the fix below. The official verifier does not show it because it opens a connection per request, and a new
/// connection starts in quick-ACK mode; that costs a connect (and, for the provider, an accept) per request.
///
/// The fix is on our side, where we control it: right after each request is flushed, the socket is switched to
/// quick-ACK mode (`TCP_QUICKACK`, Linux). That takes it out of ping-pong mode, so the response's first segment is
/// acknowledged as soon as it is read and the provider's Nagle algorithm releases the rest at once (it also sends an
/// ACK that is already pending, so there is no race with a response that arrived first). The setting is not sticky:
/// sending the next request puts the socket back into ping-pong mode, hence once per request. `TCP_NODELAY` is on as
/// well (SwiftNIO's default), and the request's head and body go out in one flush (one `writev`). Other systems have
/// no `TCP_QUICKACK`; there the stall remains possible on providers that write twice.
///
/// A provider that closes the connection after each response (HTTP/1.0, `Connection: close`) costs a connect per
/// request, and for the provider an accept (Python's `ThreadingHTTPServer` also starts a thread per connection).
/// Once an endpoint has answered so, the next connection is opened while the current request is in flight (a
/// spare, at most one per endpoint), so the handshake and the provider's accept overlap the provider's work instead
/// of following it: measured against Python's `http.server` with HTTP/1.0, a third less time per interaction. A
/// spare the provider closes before it is used (an idle time-out) is replaced, as an idle keep-alive connection is.
///
/// AsyncHTTPClient does not give access to its sockets, so it stays for the broker (pacts, results), where each
/// request is one of a handful.
///
/// All of a client's connections live on one event loop, and ``executor`` runs the verification on that same thread
/// (``ProviderVerifier`` prefers it for its tasks): a response completes its promise and the verification goes on
/// matching it without waking another thread, three times per interaction (set-up, request, teardown). On two busy
/// cores a thread hop is tens of microseconds of a round trip that is itself a few hundred.
final class ProviderHTTPClient: Sendable {
    private let eventLoop: any EventLoop
    /// Runs the jobs of the tasks that prefer it on ``eventLoop``.
    let executor: EventLoopTaskExecutor
    private let connectTimeout: TimeAmount
    private let idle = NIOLockedValueBox<IdleConnections>(IdleConnections())

    private struct IdleConnections {
        var channels: [Endpoint: [any Channel]] = [:]
        /// Endpoints whose last response closed the connection.
        var closing: Set<Endpoint> = []
        /// The next connection to each of those, opened ahead.
        var spares: [Endpoint: EventLoopFuture<any Channel>] = [:]
        var closed = false
    }

    init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, connectTimeout: TimeAmount = .seconds(5)) {
        self.eventLoop = group.next()
        self.executor = EventLoopTaskExecutor(eventLoop)
        self.connectTimeout = connectTimeout
    }

    deinit {
        closeIdleConnections()
    }

    /// Closes the idle connections (and the spares); a request made afterwards opens a new one.
    func closeIdleConnections() {
        let (channels, spares) = idle.withLockedValue { state in
            defer {
                state.channels = [:]
                state.spares = [:]
            }
            return (state.channels.values.flatMap { $0 }, Array(state.spares.values))
        }
        for channel in channels { channel.close(promise: nil) }
        for spare in spares { spare.whenSuccess { $0.close(promise: nil) } }
    }

    /// Sends a request to an `http` or `https` URL and reads the whole response.
    ///
    /// - Parameters:
    ///   - headers: sent as given, in order; `Host` and `Content-Length` are added when absent.
    ///   - verifyCertificates: whether an `https` server's certificate is checked.
    func execute(
        method: String,
        url: String,
        headers: [(name: String, value: String)],
        body: [UInt8]?,
        timeout: TimeAmount,
        maximumBodySize: Int,
        verifyCertificates: Bool = true
    ) async throws -> ProviderHTTPResponse {
        let (endpoint, target) = try Endpoint.parse(url, verifyCertificates: verifyCertificates)
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method.uppercased()), uri: target)
        for header in headers
        where header.name.lowercased() != "content-length" && header.name.lowercased() != "transfer-encoding" {
            head.headers.add(name: header.name, value: header.value)
        }
        if !head.headers.contains(name: "host") { head.headers.add(name: "Host", value: endpoint.hostHeader) }
        if let body {
            head.headers.add(name: "Content-Length", value: String(body.count))
        } else if ["POST", "PUT", "PATCH"].contains(head.method.rawValue) {
            head.headers.add(name: "Content-Length", value: "0")
        }
        let exchange = { (channel: any Channel) in
            try await Self.exchange(
                on: channel,
                head: head,
                body: body,
                timeout: timeout,
                maximumBodySize: maximumBodySize
            )
        }
        if let channel = await takeIdle(endpoint) {
            openSpare(endpoint)
            do {
                let response = try await exchange(channel)
                release(channel, to: endpoint, keepAlive: response.keepAlive)
                return response
            } catch ProviderHTTPError.closedBeforeResponse(receivedAny: false) {
                // The provider closed the idle connection (or the spare) as the request went out (a time-out):
                // nothing was answered, so the request is sent again on a new connection.
            }
        }
        let channel = try await connect(endpoint).get()
        openSpare(endpoint)
        do {
            let response = try await exchange(channel)
            release(channel, to: endpoint, keepAlive: response.keepAlive)
            return response
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// An idle keep-alive connection to `endpoint`, else its spare (once connected), else nil.
    private func takeIdle(_ endpoint: Endpoint) async -> (any Channel)? {
        let (channel, spare) = idle.withLockedValue { state -> ((any Channel)?, EventLoopFuture<any Channel>?) in
            while let channel = state.channels[endpoint]?.popLast() {
                if channel.isActive { return (channel, nil) }
            }
            return (nil, state.spares.removeValue(forKey: endpoint))
        }
        if let channel { return channel }
        guard let spare, let channel = try? await spare.get(), channel.isActive else { return nil }
        return channel
    }

    /// Starts connecting the spare of an endpoint that closes its connections, unless it has one.
    private func openSpare(_ endpoint: Endpoint) {
        let opened = idle.withLockedValue { state -> EventLoopFuture<any Channel>? in
            guard state.closing.contains(endpoint), state.spares[endpoint] == nil, !state.closed,
                let spare = try? connect(endpoint)
            else { return nil }
            state.spares[endpoint] = spare
            return spare
        }
        // Nobody waits on a spare until the next request: a failure to connect shows then, on a new connection.
        opened?.whenFailure { _ in }
    }

    private func release(_ channel: any Channel, to endpoint: Endpoint, keepAlive: Bool) {
        let kept =
            idle.withLockedValue { state in
                if keepAlive { state.closing.remove(endpoint) } else { state.closing.insert(endpoint) }
                guard keepAlive, channel.isActive, !state.closed else { return false }
                state.channels[endpoint, default: []].append(channel)
                return true
            }
        if !kept { channel.close(promise: nil) }
    }

    /// Opens a connection (the future fails with ``ProviderHTTPError/cannotConnect(_:_:)``).
    private func connect(_ endpoint: Endpoint) throws -> EventLoopFuture<any Channel> {
        let sslContext: NIOSSLContext?
        if endpoint.tls {
            var tls = TLSConfiguration.makeClientConfiguration()
            if !endpoint.verifyCertificates { tls.certificateVerification = .none }
            sslContext = try NIOSSLContext(configuration: tls)
        } else {
            sslContext = nil
        }
        let serverName = endpoint.isIPAddress ? nil : endpoint.host
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: sslContext, serverHostname: serverName)
                        )
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ProviderExchangeHandler())
                }
            }
        // An address literal (the usual 127.0.0.1) is connected to directly: a host name goes through the
        // resolver, which runs getaddrinfo on another thread and races IPv4 and IPv6 (a connect per request
        // against an HTTP/1.0 provider pays that each time).
        let connected =
            if endpoint.isIPAddress, let address = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) {
                bootstrap.connect(to: address)
            } else {
                bootstrap.connect(host: endpoint.host, port: endpoint.port)
            }
        return connected.flatMapErrorThrowing { error in
            throw ProviderHTTPError.cannotConnect(endpoint.description, error)
        }
    }

    private static func exchange(
        on channel: any Channel,
        head: HTTPRequestHead,
        body: [UInt8]?,
        timeout: TimeAmount,
        maximumBodySize: Int
    ) async throws -> ProviderHTTPResponse {
        let promise = channel.eventLoop.makePromise(of: ProviderHTTPResponse.self)
        let exchange = ProviderExchange(
            head: head,
            body: body.map { ByteBuffer(bytes: $0) },
            maximumBodySize: maximumBodySize,
            timeout: timeout,
            response: promise
        )
        // One hop to the event loop: the handler writes the request, arms the time-out and disarms it there.
        channel.writeAndFlush(exchange, promise: nil)
        return try await promise.futureResult.get()
    }
}

/// A complete response from the provider.
struct ProviderHTTPResponse: Sendable {
    var status: Int
    /// In the order received.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// Whether the connection may carry another request.
    var keepAlive: Bool
}

/// Why a request to the provider got no complete response.
enum ProviderHTTPError: Error, CustomStringConvertible {
    case invalidURL(String)
    case cannotConnect(String, any Error)
    case timeout
    /// The connection closed before the response was complete; `receivedAny` says whether any of it arrived.
    case closedBeforeResponse(receivedAny: Bool)
    case bodyTooLarge(limit: Int)

    var description: String {
        switch self {
        case .invalidURL(let url): "'\(url)' is not an http or https URL with a host"
        case .cannotConnect(let endpoint, let error): "cannot connect to \(endpoint): \(error)"
        case .timeout: "timed out"
        case .closedBeforeResponse: "the connection was closed before a complete response"
        case .bodyTooLarge(let limit): "the response body is larger than \(limit) bytes"
        }
    }
}

/// Where connections go: scheme, host and port (and whether certificates are checked, for `https`).
struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    var tls: Bool
    var host: String
    var port: Int
    var verifyCertificates: Bool

    var description: String { "\(tls ? "https" : "http")://\(hostHeader)" }

    var isIPAddress: Bool { host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." } }

    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (tls ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// Splits `scheme://host[:port][/path][?query]` into where to connect and the request target (path and query
    /// exactly as given, percent-encoding kept).
    static func parse(_ url: String, verifyCertificates: Bool) throws -> (Endpoint, String) {
        let tls: Bool
        let rest: Substring
        if url.lowercased().hasPrefix("http://") {
            tls = false
            rest = url.dropFirst(7)
        } else if url.lowercased().hasPrefix("https://") {
            tls = true
            rest = url.dropFirst(8)
        } else {
            throw ProviderHTTPError.invalidURL(url)
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var target = String(rest[authorityEnd...])
        if let hash = target.firstIndex(of: "#") { target = String(target[..<hash]) }
        if !target.hasPrefix("/") { target = "/" + target }
        var host = String(authority)
        var port = tls ? 443 : 80
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()) else { throw ProviderHTTPError.invalidURL(url) }
                port = number
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let number = Int(authority[authority.index(after: colon)...]) else {
                throw ProviderHTTPError.invalidURL(url)
            }
            port = number
        }
        guard !host.isEmpty else { throw ProviderHTTPError.invalidURL(url) }
        return (Endpoint(tls: tls, host: host, port: port, verifyCertificates: verifyCertificates), target)
    }
}

/// One request and the promise of its response, written into a connection's pipeline.
struct ProviderExchange: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    var maximumBodySize: Int
    /// How long the response may take, from the write on.
    var timeout: TimeAmount
    var response: EventLoopPromise<ProviderHTTPResponse>
}

/// Writes an exchange's request and collects its response. One exchange at a time per connection.
final class ProviderExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = ProviderExchange
    typealias OutboundOut = HTTPClientRequestPart

    private var current: ProviderExchange?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private var deadline: Scheduled<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        current = exchange
        head = nil
        body.clear()
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let channel = context.channel
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: exchange.timeout) {
            handler.value.fail(ProviderHTTPError.timeout)
            channel.close(promise: nil)
        }
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let requestBody = exchange.body {
            context.write(wrapOutboundOut(.body(.byteBuffer(requestBody))), promise: nil)
        }
        // A write that fails (the connection closed while idle) fails the exchange, which would otherwise wait for
        // its time-out.
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { _ in
            handler.value.fail(ProviderHTTPError.closedBeforeResponse(receivedAny: false))
        }
        written.futureResult.cascade(to: promise)
        context.write(wrapOutboundOut(.end(nil)), promise: written)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        // The request has been handed to the kernel (one writev); see ProviderHTTPClient for why the socket is put
        // into quick-ACK mode now. 12 is TCP_QUICKACK in <netinet/tcp.h>.
        #if os(Linux)
        try? context.channel.syncOptions?.setOption(
            ChannelOptions.Types.SocketOption(level: .tcp, name: NIOBSDSocket.Option(rawValue: 12)),
            value: 1
        )
        #endif
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let exchange = current else { return }
        switch unwrapInboundIn(data) {
        case .head(let responseHead):
            head = responseHead
        case .body(var part):
            guard body.readableBytes + part.readableBytes <= exchange.maximumBodySize else {
                fail(ProviderHTTPError.bodyTooLarge(limit: exchange.maximumBodySize))
                context.close(promise: nil)
                return
            }
            body.writeBuffer(&part)
        case .end:
            guard let responseHead = head else { return }
            current = nil
            deadline?.cancel()
            deadline = nil
            var headers: [(name: String, value: String)] = []
            for header in responseHead.headers { headers.append((header.name, header.value)) }
            exchange.response.succeed(
                ProviderHTTPResponse(
                    status: Int(responseHead.status.code),
                    headers: headers,
                    body: Array(body.readableBytesView),
                    keepAlive: responseHead.isKeepAlive
                )
            )
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(ProviderHTTPError.closedBeforeResponse(receivedAny: head != nil || body.readableBytes > 0))
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        guard let exchange = current else { return }
        current = nil
        deadline?.cancel()
        deadline = nil
        exchange.response.fail(error)
    }
}

/// A task executor on one event loop: the jobs of tasks that prefer it run on the loop's thread, where the
/// connections' handlers complete their promises, so resuming after a response needs no other thread.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
