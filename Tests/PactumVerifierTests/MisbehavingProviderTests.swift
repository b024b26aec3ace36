import Foundation
import NIOCore
import NIOPosix
import PactumCore
import PactumVerifier
import Testing

/// A provider that misbehaves by request path, on 127.0.0.1 (port 0), reading raw bytes (no HTTP decoder):
/// `/hang` accepts and never answers, `/reset` resets the connection (RST), `/garbage` answers bytes that are not
/// HTTP, `/ok` answers a proper 200.
final class MisbehavingProvider: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        private var received = ""
        private var answered = false

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readString(length: buffer.readableBytes) ?? ""
            guard !answered, received.contains("\r\n\r\n") else { return }
            answered = true
            let target = received.split(separator: " ", maxSplits: 2).dropFirst().first.map(String.init) ?? ""
            switch target {
            case "/hang":
                break  // Never answer; the connection stays open until the verifier gives up or the test ends.
            case "/reset":
                // SO_LINGER 0: close() sends RST instead of FIN.
                let channel = context.channel
                let lingering = (channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                (lingering ?? channel.eventLoop.makeSucceededVoidFuture()).whenComplete { _ in
                    channel.close(promise: nil)
                }
            case "/garbage":
                let bytes = "SSH-2.0-OpenSSH_9.6 this is not HTTP\r\n\r\n"
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: bytes)), promise: nil)
            default:
                let answer =
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer))).whenComplete { _ in
                    channel.close(promise: nil)
                }
            }
        }
    }

    private init(channel: any Channel) { self.channel = channel }

    static func start() async throws -> MisbehavingProvider {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Handler()) }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return MisbehavingProvider(channel: channel)
    }

    func stop() async { try? await channel.close() }
}

/// The verifier against a provider that hangs, resets the connection or answers something that is not HTTP: each
/// interaction fails with a message saying what happened (and the timeout for a hang), the wait is bounded by the
/// request timeout, and the verifier carries on with the next interaction.
@Suite("Verifier against a misbehaving provider")
struct MisbehavingProviderTests {
    static let descriptions = [
        "/ok": "a request answered properly",
        "/hang": "a request the provider never answers",
        "/reset": "a request the provider resets",
        "/garbage": "a request answered with bytes that are not HTTP",
    ]

    static func pact(paths: [String]) throws -> Pact {
        let interactions: [JSONValue] = paths.enumerated().map { index, path in
            [
                "description": .string("\(descriptions[path] ?? path) (\(index + 1))"),
                "request": ["method": "GET", "path": .string(path)],
                "response": ["status": 200],
            ]
        }
        let json: JSONValue = [
            "consumer": ["name": "Consumer"],
            "provider": ["name": "MisbehavingProvider"],
            "interactions": .array(interactions),
            "metadata": ["pactSpecification": ["version": "3.0.0"]],
        ]
        return try Pact(data: Data(JSONWriter.compact(json).utf8))
    }

    static func verify(paths: [String]) async throws -> [InteractionVerificationResult] {
        let provider = try await MisbehavingProvider.start()
        do {
            let verifier = ProviderVerifier(
                configuration: .init(
                    providerName: "MisbehavingProvider",
                    target: ProviderTarget(host: "127.0.0.1", port: provider.port),
                    requestTimeout: .seconds(1)
                )
            )
            let report = try await verifier.verify([.pact(try pact(paths: paths), name: "misbehaving.json")])
            await provider.stop()
            return report.pacts.flatMap(\.interactions)
        } catch {
            await provider.stop()
            throw error
        }
    }

    static func message(_ result: InteractionVerificationResult) -> String {
        result.failures.map(\.message).joined(separator: "; ")
    }

    @Test func aHangingProviderFailsTheInteractionAtTheRequestTimeoutAndTheNextOneRuns() async throws {
        let results = try await Self.verify(paths: ["/hang", "/ok"])
        try #require(results.count == 2)
        #expect(results[0].description.contains("a request the provider never answers"))
        #expect(!results[0].passed)
        let text = Self.message(results[0])
        #expect(text.contains("GET http://127.0.0.1:"), "names the request: \(text)")
        #expect(
            text.contains("did not answer within the request timeout of 1 s"),
            "names the timeout: \(text)"
        )
        #expect(results[1].passed, "the next interaction still runs: \(Self.message(results[1]))")
    }

    @Test func aConnectionResetFailsOnlyThatInteraction() async throws {
        let results = try await Self.verify(paths: ["/reset", "/ok"])
        try #require(results.count == 2)
        #expect(!results[0].passed)
        let text = Self.message(results[0])
        #expect(
            text.contains("reset the connection") || text.contains("closed the connection without a complete response"),
            "says the connection was reset: \(text)"
        )
        #expect(results[1].passed, "the next interaction still runs: \(Self.message(results[1]))")
    }

    @Test func anAnswerThatIsNotHTTPFailsOnlyThatInteraction() async throws {
        let results = try await Self.verify(paths: ["/garbage", "/ok"])
        try #require(results.count == 2)
        #expect(!results[0].passed)
        let text = Self.message(results[0])
        #expect(text.contains("not valid HTTP/1.1"), "says the answer is not HTTP: \(text)")
        #expect(results[1].passed, "the next interaction still runs: \(Self.message(results[1]))")
    }

    @Test func allThreeInOneRunEachReportedAndTheGoodInteractionsPass() async throws {
        let paths = ["/ok", "/hang", "/ok", "/reset", "/garbage", "/ok"]
        let results = try await Self.verify(paths: paths)
        try #require(results.count == paths.count)
        for (path, result) in zip(paths, results) {
            print("\(path): \(result.description): \(result.passed ? "passed" : Self.message(result))")
            #expect(result.passed == (path == "/ok"), "\(path): \(Self.message(result))")
        }
    }
}
