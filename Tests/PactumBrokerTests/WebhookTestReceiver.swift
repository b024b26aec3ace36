import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on 127.0.0.1 (port 0) that records every request a webhook sends and answers with the next
/// status of a script (200 once the script is used up).
final class WebhookTestReceiver: Sendable {
    struct Received: Sendable, CustomStringConvertible {
        var method: String
        var uri: String
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var description: String { "\(method) \(uri) \(body)" }
    }

    private struct State {
        var received: [Received] = []
        var statuses: [Int]
    }

    private let state: Mutex<State>
    private let channel: Mutex<(any Channel)?>
    private let boundPort = Atomic<Int>(0)

    /// The bound port.
    var port: Int { boundPort.load(ordering: .relaxed) }

    private init(statuses: [Int]) {
        state = Mutex(State(statuses: statuses))
        channel = Mutex(nil)
    }

    /// Starts a receiver; `statuses` are answered in order, then 200.
    static func start(statuses: [Int] = [], port: Int = 0) async throws -> WebhookTestReceiver {
        let receiver = WebhookTestReceiver(statuses: statuses)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RecordingHandler(receiver: receiver))
                }
            }
        let bound = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        receiver.boundPort.store(bound.localAddress?.port ?? 0, ordering: .relaxed)
        receiver.channel.withLock { $0 = bound }
        return receiver
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func stop() async {
        let bound = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await bound?.close()
    }

    var received: [Received] { state.withLock { $0.received } }

    fileprivate func record(_ request: Received) -> Int {
        state.withLock { state in
            state.received.append(request)
            return state.statuses.isEmpty ? 200 : state.statuses.removeFirst()
        }
    }

    /// After `count` requests arrived (see `waitFor`), waits `settle` more and returns everything received by then:
    /// a check that something was *not* sent must give it time to arrive, not look the instant the expected ones
    /// did.
    func settled(count: Int, settle: Duration = .seconds(2)) async throws -> [Received] {
        try await waitFor(count: count)
        try await Task.sleep(for: settle)
        return received
    }

    /// Waits (bounded) until at least `count` requests arrived; fails with what did arrive otherwise.
    @discardableResult
    func waitFor(count: Int, within timeout: Duration = .seconds(30)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let requests = received
            if requests.count >= count { return requests }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure(
            description:
                "the receiver got \(received.count) request(s) within \(timeout), expected \(count): \(received)"
        )
    }
}

/// Collects a request's head and body, records it, answers.
private final class RecordingHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let receiver: WebhookTestReceiver
    var head: HTTPRequestHead?
    var body = ByteBuffer()

    init(receiver: WebhookTestReceiver) { self.receiver = receiver }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head else { return }
            let status = receiver.record(
                WebhookTestReceiver.Received(
                    method: head.method.rawValue,
                    uri: head.uri,
                    headers: head.headers.map { ($0.name, $0.value) },
                    body: String(buffer: body)
                )
            )
            let answer = ByteBuffer(string: #"{"received":true}"#)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: String(answer.readableBytes))
            context.write(
                wrapOutboundOut(
                    .head(HTTPResponseHead(version: head.version, status: .init(statusCode: status), headers: headers))
                ),
                promise: nil
            )
            context.write(wrapOutboundOut(.body(.byteBuffer(answer))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
