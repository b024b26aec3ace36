import Foundation
import PactumCore
import PactumMock
import PactumTestSupport
import Testing

/// The bad-input catalogue for the mock and stub servers (issue #7, item 3): each bad request is sent over a raw
/// socket; the server must refuse it cleanly (a 4xx answer or closing that connection) or answer it as an ordinary
/// request, within a bounded wait, and then go on serving a good request on a new connection. Never a crash or hang.
@Suite("Bad input catalogue: mock and stub servers")
struct BadInputCatalogueTests {
    enum ServerKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case mock
        case stub

        var testDescription: String { "\(rawValue) server" }
    }

    /// What a server must do with a bad request.
    enum Outcome: Sendable, Equatable {
        /// Answer with exactly this status.
        case status(Int)
        /// Answer with some 4xx status (the connection may then close).
        case clientError
        /// Answer with a 4xx, or close the connection without an answer.
        case refused
        /// Answer it as an ordinary HTTP request: the request is odd, not malformed. Each server's answer is the
        /// one it gives any request of that method and target (a 500 from the mock only as its own, named,
        /// mismatch answer, never a crash's).
        case answered(mock: Answer, stub: Answer)
    }

    /// An ordinary answer of a server to a request.
    enum Answer: Sendable, Equatable, CustomStringConvertible {
        /// The interaction's response: 200.
        case served
        /// The mock's 500 for a request it cannot answer, with `X-Pactum-Error` naming why (`Request-Mismatch`,
        /// `Unexpected-Request`).
        case mockError(String)
        /// The stub's empty 404: no interaction fits.
        case notFound

        var description: String {
            switch self {
            case .served: "200"
            case .mockError(let error): "500 with X-Pactum-Error: \(error)"
            case .notFound: "404"
            }
        }

        /// Whether `received` is this answer.
        func matches(_ received: RawHTTPConnection.Received) -> Bool {
            switch self {
            case .served: received.status == 200
            case .mockError(let error): received.status == 500 && received.header("X-Pactum-Error") == error
            case .notFound: received.status == 404
            }
        }
    }

    struct BadRequest: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var outcome: Outcome

        init(_ name: String, _ text: String, _ outcome: Outcome) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.outcome = outcome
        }

        init(_ name: String, bytes: [UInt8], _ outcome: Outcome) {
            self.name = name
            self.bytes = bytes
            self.outcome = outcome
        }

        var testDescription: String { name }
    }

    static let host = "Host: 127.0.0.1\r\n"

    static let cases: [BadRequest] = [
        // Request lines.
        BadRequest("garbage request line", "HELLO THERE\r\n\r\n", .clientError),
        BadRequest("request line without a version", "GET /ok\r\n\r\n", .refused),
        BadRequest("unknown HTTP version", "GET /ok HTTP/9.9\r\n\(host)\r\n", .refused),
        BadRequest("unknown method", "BREW /ok HTTP/1.1\r\n\(host)\r\n", .clientError),
        BadRequest("lower-case method", "get /ok HTTP/1.1\r\n\(host)\r\n", .clientError),
        BadRequest("space inside the target", "GET /o k HTTP/1.1\r\n\(host)\r\n", .clientError),
        BadRequest("NUL byte in the request line", "GET /o\u{0}k HTTP/1.1\r\n\(host)\r\n", .clientError),
        BadRequest(
            "invalid UTF-8 in the target",
            bytes: Array("GET /".utf8) + [0xFF, 0xFE, 0xC3] + Array(" HTTP/1.1\r\n\(host)\r\n".utf8),
            .refused
        ),
        BadRequest(
            "TLS handshake on the plain port",
            bytes: [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00],
            .refused
        ),
        BadRequest("64 KB of random bytes", bytes: randomBytes(65_536), .refused),
        // Headers.
        BadRequest("header line without a colon", "GET /ok HTTP/1.1\r\n\(host)NoColonHere\r\n\r\n", .clientError),
        BadRequest("space in a header name", "GET /ok HTTP/1.1\r\n\(host)Bad Header: x\r\n\r\n", .clientError),
        BadRequest("NUL in a header value", "GET /ok HTTP/1.1\r\n\(host)X-Test: a\u{0}b\r\n\r\n", .clientError),
        BadRequest("bare CR in a header value", "GET /ok HTTP/1.1\r\n\(host)X-Test: a\rb\r\n\r\n", .clientError),
        BadRequest(
            "a 1 MB header value",
            "GET /ok HTTP/1.1\r\n\(host)X-Big: \(String(repeating: "a", count: 1_048_576))\r\n\r\n",
            .refused
        ),
        BadRequest(
            "10,000 headers",
            "GET /ok HTTP/1.1\r\n\(host)" + (0..<10_000).map { "X-H\($0): v\r\n" }.joined() + "\r\n",
            .answered(mock: .served, stub: .served)
        ),
        // Bodies and framing.
        BadRequest(
            "Content-Length is not a number",
            "POST /ok HTTP/1.1\r\n\(host)Content-Length: abc\r\n\r\n",
            .clientError
        ),
        BadRequest("negative Content-Length", "POST /ok HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n", .clientError),
        BadRequest(
            "Content-Length beyond 64 bits",
            "POST /ok HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n",
            .clientError
        ),
        BadRequest(
            "two different Content-Length headers",
            "POST /ok HTTP/1.1\r\n\(host)Content-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            .clientError
        ),
        BadRequest(
            "Content-Length together with chunked encoding",
            "POST /ok HTTP/1.1\r\n\(host)Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            .refused
        ),
        BadRequest(
            "chunk size that is not hexadecimal",
            "POST /ok HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            .clientError
        ),
        BadRequest(
            "body larger than the 32 MB limit",
            bytes: Array("POST /ok HTTP/1.1\r\n\(host)Content-Length: 33554433\r\n\r\n".utf8)
                + [UInt8](repeating: 0x61, count: 33_554_433),
            .status(413)
        ),
        BadRequest(
            "invalid UTF-8 in a JSON body",
            bytes: Array("POST /ok HTTP/1.1\r\n\(host)Content-Type: application/json\r\nContent-Length: 6\r\n\r\n".utf8)
                + [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D],
            .answered(mock: .mockError("Unexpected-Request"), stub: .notFound)
        ),
        BadRequest(
            "JSON body nested 100,000 deep",
            "POST /ok HTTP/1.1\r\n\(host)Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n"
                + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            .answered(mock: .mockError("Unexpected-Request"), stub: .notFound)
        ),
        // Targets.
        BadRequest(
            "a 1 MB query string",
            "GET /ok?\(String(repeating: "a=1&", count: 262_144)) HTTP/1.1\r\n\(host)\r\n",
            .refused
        ),
        BadRequest(
            "invalid percent escapes in the query",
            "GET /ok?a=%zz&%%=&&&==&%E0%A4 HTTP/1.1\r\n\(host)\r\n",
            .answered(mock: .mockError("Request-Mismatch"), stub: .notFound)
        ),
        BadRequest(
            "invalid percent escapes in the path",
            "GET /%ZZ%/%C3%28 HTTP/1.1\r\n\(host)\r\n",
            .answered(mock: .mockError("Unexpected-Request"), stub: .notFound)
        ),
        BadRequest(
            "absolute-form target",
            "GET http://example.com/ok HTTP/1.1\r\n\(host)\r\n",
            // The target is taken as the path `http://example.com/ok`, which no interaction expects.
            .answered(mock: .mockError("Unexpected-Request"), stub: .notFound)
        ),
        BadRequest(
            "asterisk target",
            "OPTIONS * HTTP/1.1\r\n\(host)\r\n",
            .answered(mock: .mockError("Unexpected-Request"), stub: .notFound)
        ),
        BadRequest("HTTP/1.0 without Host", "GET /ok HTTP/1.0\r\n\r\n", .status(200)),
    ]

    static func randomBytes(_ count: Int) -> [UInt8] {
        var random = SeededRandomNumberGenerator(seed: 7)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    static func interaction() throws -> Interaction {
        Interaction(
            description: "ok",
            kind: .http(
                request: HTTPRequest(method: "GET", path: "/ok"),
                response: HTTPResponse(status: 200, body: .json(["ok": true]))
            )
        )
    }

    /// Runs `body` with a mock or stub server serving `GET /ok` and `more`.
    static func withServer(
        _ kind: ServerKind,
        more: [Interaction] = [],
        _ body: (Int) async throws -> Void
    ) async throws {
        let interactions = [try interaction()] + more
        switch kind {
        case .mock:
            try await withMockServer(interactions: interactions) { try await body($0.port) }
        case .stub:
            try await withStubServer(interactions: interactions) { try await body($0.port) }
        }
    }

    /// The server still answers a good request on a fresh connection.
    static func expectStillServing(_ port: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let answer = try LoopbackHTTPClient.send(method: "GET", port: port, target: "/ok", timeout: 5)
        #expect(answer.status == 200, "the server stopped serving good requests", sourceLocation: sourceLocation)
    }

    @Test("a bad request is refused or answered, and the server keeps serving", arguments: ServerKind.allCases, cases)
    func badRequest(_ kind: ServerKind, _ request: BadRequest) async throws {
        try await Self.withServer(kind) { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send(request.bytes)
            connection.finishSending()
            let received = connection.receiveUntilClosed()
            #expect(received.closed, "the server neither answered nor closed within \(connection.timeout) s")
            let status = received.status
            switch request.outcome {
            case .status(let expected):
                #expect(status == expected, "got \(String(describing: status))")
            case .clientError:
                #expect(status.map { (400..<500).contains($0) } == true, "got \(String(describing: status))")
            case .refused:
                #expect(
                    received.bytes.isEmpty || status.map { (400..<500).contains($0) } == true,
                    "got \(String(describing: status)): \(String(decoding: received.bytes.prefix(200), as: UTF8.self))"
                )
            case .answered(let mock, let stub):
                let answer = kind == .mock ? mock : stub
                let text = String(decoding: received.bytes.prefix(300), as: UTF8.self)
                #expect(answer.matches(received), "expected \(answer), got: \(text)")
            }
            try Self.expectStillServing(port)
        }
    }

    @Test("slowloris: 50 connections holding half a request do not stop other clients", arguments: ServerKind.allCases)
    func slowloris(_ kind: ServerKind) async throws {
        try await Self.withServer(kind) { port in
            var held: [RawHTTPConnection] = []
            for index in 0..<50 {
                let connection = try RawHTTPConnection(port: port)
                if index.isMultiple(of: 2) {
                    connection.send("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                } else {
                    connection.send("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nabc")
                }
                held.append(connection)
            }
            try Self.expectStillServing(port)
            try Self.expectStillServing(port)
            // Half a request and then the end of the stream: the server closes that connection without an answer.
            held[0].finishSending()
            let received = held[0].receiveUntilClosed()
            #expect(received.closed)
            #expect(received.status == nil || (400..<500).contains(received.status ?? 0))
            held.removeAll()
            try Self.expectStillServing(port)
        }
    }

    @Test("connections reset in the middle of a request leave the server serving", arguments: ServerKind.allCases)
    func resets(_ kind: ServerKind) async throws {
        try await Self.withServer(kind) { port in
            for partial in ["GET /ok HTTP/1.1\r\nHo", "POST /ok HTTP/1.1\r\nContent-Length: 10\r\n\r\nab", ""] {
                let connection = try RawHTTPConnection(port: port)
                connection.send(partial)
                connection.reset()
            }
            try Self.expectStillServing(port)
        }
    }

    @Test(
        "pipelined requests are answered in order, and a bad one after good ones is refused",
        arguments: ServerKind.allCases
    )
    func pipelining(_ kind: ServerKind) async throws {
        try await Self.withServer(kind) { port in
            let good = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            let connection = try RawHTTPConnection(port: port)
            connection.send(good + good + "NONSENSE\r\n\r\n")
            connection.finishSending()
            let received = connection.receiveUntilClosed()
            #expect(received.closed)
            #expect(received.statuses == [200, 200, 400])
            try Self.expectStillServing(port)
        }
    }

    @Test(
        "clients that never read a large response do not stop other clients, nor the server's shutdown",
        .timeLimit(.minutes(1)),
        arguments: ServerKind.allCases
    )
    func clientsThatNeverRead(_ kind: ServerKind) async throws {
        let megabytes = 8
        let big = Interaction(
            description: "a large document",
            kind: .http(
                request: HTTPRequest(method: "GET", path: "/big"),
                // Bytes, so that producing the response is a copy (the servers share NIO's event loops with the
                // other suites running alongside).
                response: HTTPResponse(
                    status: 200,
                    body: .binary([UInt8](repeating: UInt8(ascii: "x"), count: megabytes * 1024 * 1024))
                )
            )
        )
        var stalled: [RawHTTPConnection] = []
        try await Self.withServer(kind, more: [big]) { port in
            // Four connections ask for 8 MB each (pipelined twice) and never read: the responses fill the socket
            // buffers and wait in the server.
            for _ in 0..<4 {
                let connection = try RawHTTPConnection(port: port)
                connection.send(String(repeating: "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: 2))
                stalled.append(connection)
            }
            try await Task.sleep(for: .milliseconds(200))
            for _ in 0..<3 { try Self.expectStillServing(port) }
            // A client that does read gets the whole document.
            let reader = try RawHTTPConnection(port: port, timeout: 10)
            reader.send("GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let received = reader.receiveUntilClosed()
            #expect(received.status == 200)
            #expect(received.bytes.count > megabytes * 1024 * 1024, "\(received.bytes.count) bytes")
        }
        // The server has shut down with the stalled clients still connected (the time limit bounds a hang); they see
        // the connection closed.
        for connection in stalled {
            #expect(connection.receiveUntilClosed().closed)
        }
    }
}
