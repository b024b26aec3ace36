import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 request, serialized once so that sending it costs a single `write`.
public struct WireRequest: Sendable {
    public var method: String
    /// The request target: path and query, already percent-encoded.
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The bytes on the wire, with `Host` and (for a body, or POST/PUT/PATCH) `Content-Length`.
    public func bytes(port: Int) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method.uppercased()) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}

/// What came back: the status and the size of the body (the benchmarks need no more).
public struct WireResponse: Sendable {
    public var status: Int
    public var bodyLength: Int
    /// The body, when the caller asked to keep it.
    public var body: [UInt8]
}

/// A failure talking to the server: what failed and the `errno` or the malformed part.
public struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A minimal blocking HTTP/1.1 client for 127.0.0.1 that keeps one connection open (keep-alive), so a
/// benchmark times the server rather than connection set-up or a general-purpose client such as URLSession.
///
/// Responses must carry `Content-Length` or be chunked (every Pact server here answers so). Not thread-safe:
/// one client per task.
public final class KeepAliveHTTPClient {
    public let port: Int
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var readChunk = [UInt8](repeating: 0, count: 65_536)

    /// Connects to 127.0.0.1:`port`; `timeout` bounds every later read and write.
    public init(port: Int, timeout: TimeInterval = 30) throws {
        self.port = port
        fd = try KeepAliveHTTPClient.openConnection(port: port, timeout: timeout)
    }

    /// Tries to connect once; nil when nothing listens on the port yet (connection refused).
    public static func connectIfListening(port: Int, timeout: TimeInterval = 30) throws -> KeepAliveHTTPClient? {
        do {
            return try KeepAliveHTTPClient(port: port, timeout: timeout)
        } catch let error as HTTPClientError where error.description.hasPrefix("refused") {
            return nil
        }
    }

    deinit {
        close(fd)
    }

    /// Sends a request (serialized with `bytes(port:)`) and reads the whole response.
    public func send(_ request: [UInt8], keepBody: Bool = false) throws -> WireResponse {
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw HTTPClientError("write failed: errno \(errno)") }
            sent += written
        }
        return try readResponse(keepBody: keepBody)
    }

    /// Sends `request` and reads the whole response.
    public func send(_ request: WireRequest, keepBody: Bool = false) throws -> WireResponse {
        try send(request.bytes(port: port), keepBody: keepBody)
    }

    // MARK: - Reading

    private func fill() throws {
        let count = readChunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count == 0 { throw HTTPClientError("the server closed the connection") }
        guard count > 0 else { throw HTTPClientError("no answer in time (errno \(errno))") }
        buffer.append(contentsOf: readChunk[0..<count])
    }

    private func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        var index = 0
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }

    private func readResponse(keepBody: Bool) throws -> WireResponse {
        var end = headerEnd()
        while end == nil {
            try fill()
            end = headerEnd()
        }
        let headEnd = end!
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw HTTPClientError("malformed status line '\(lines.first ?? "")'")
        }
        var contentLength: Int?
        var chunked = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" { contentLength = Int(value) }
            if name == "transfer-encoding", value.lowercased().contains("chunked") { chunked = true }
        }
        buffer.removeFirst(headEnd + 4)
        if chunked { return try readChunked(status: status, keepBody: keepBody) }
        let length = status == 204 || status == 304 || (100..<200).contains(status) ? 0 : (contentLength ?? 0)
        while buffer.count < length { try fill() }
        let body = keepBody ? Array(buffer[0..<length]) : []
        buffer.removeFirst(length)
        return WireResponse(status: status, bodyLength: length, body: body)
    }

    private func readLine() throws -> String {
        while true {
            if let index = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let line = String(decoding: buffer[0..<index], as: UTF8.self)
                buffer.removeFirst(index + 2)
                return line
            }
            try fill()
        }
    }

    private func readChunked(status: Int, keepBody: Bool) throws -> WireResponse {
        var body: [UInt8] = []
        var total = 0
        while true {
            let sizeLine = try readLine()
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                throw HTTPClientError("malformed chunk size '\(sizeLine)'")
            }
            if size == 0 {
                // Trailers, up to the empty line.
                while try !readLine().isEmpty {}
                return WireResponse(status: status, bodyLength: total, body: body)
            }
            while buffer.count < size + 2 { try fill() }
            if keepBody { body.append(contentsOf: buffer[0..<size]) }
            total += size
            buffer.removeFirst(size + 2)
        }
    }

    // MARK: - Connecting

    private static func openConnection(port: Int, timeout: TimeInterval) throws -> Int32 {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HTTPClientError("socket() failed: errno \(errno)") }
        var time = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            if code == ECONNREFUSED { throw HTTPClientError("refused: nothing listens on 127.0.0.1:\(port)") }
            throw HTTPClientError("could not connect to 127.0.0.1:\(port): errno \(code)")
        }
        return fd
    }

    /// A port that was free a moment ago (bound to 0, read back, closed), for a server in another process.
    public static func freePort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw HTTPClientError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw HTTPClientError("bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw HTTPClientError("getsockname() failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
