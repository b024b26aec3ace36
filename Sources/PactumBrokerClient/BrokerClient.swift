import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
// The API documents the client sends and reads (`PactsForVerificationRequest`, `ConsumerVersionSelector`).
@_exported import PactumBrokerWire
import PactumCore

/// A client of a Pact Broker's HAL API (the Pact Broker, PactFlow or `pactum broker serve`).
///
/// The primitives (`get`, `post`, `put`, `patch`, `delete`) take a URL, absolute or relative to the base URL, and
/// exchange JSON as `JSONValue` (PactumCore); ``index()`` and ``url(forRelation:parameters:)`` follow the relations of the
/// index resource (`pb:…`, with `{templated}` links). Failed requests throw ``BrokerClientError``, naming the URL,
/// the status and the broker's `errors` and `notices`. Requests are retried on 5xx, 408, 429 and on connection
/// failures, with exponential back-off (and `Retry-After` on 429/503), like the official clients.
///
/// ```swift
/// let client = BrokerClient(configuration: .init(baseURL: "http://localhost:9292"))
/// let pacts = try await client.pactsForVerification(
///     provider: "Bookshelf", request: .init(consumerVersionSelectors: [["mainBranch": true]]))
/// ```
public struct BrokerClient: Sendable {
    /// Where the broker is and how to talk to it.
    public struct Configuration: Sendable {
        /// The broker's base URL, possibly with a context path (`https://ci.example.com/pact`).
        public var baseURL: String
        /// Basic or bearer authentication, or nil for none.
        public var authentication: BrokerAuthentication?
        /// How many times a request is retried on 5xx, 408, 429 or a connection failure.
        public var retries: Int
        /// The first retry delay; each further retry doubles it, up to ``maximumRetryDelay``.
        public var retryDelay: Duration
        /// The longest wait between two attempts (a `Retry-After` header is honoured up to this bound too).
        public var maximumRetryDelay: Duration
        /// The time limit of one request (connection, sending and receiving the whole response).
        public var timeout: Duration
        /// Extra headers sent with every request (the official `--custom-header`).
        public var headers: [(name: String, value: String)]

        /// Creates a configuration; only the base URL is required.
        public init(
            baseURL: String,
            authentication: BrokerAuthentication? = nil,
            retries: Int = 8,
            retryDelay: Duration = .milliseconds(500),
            maximumRetryDelay: Duration = .seconds(16),
            timeout: Duration = .seconds(30),
            headers: [(name: String, value: String)] = []
        ) {
            self.baseURL = baseURL
            self.authentication = authentication
            self.retries = retries
            self.retryDelay = retryDelay
            self.maximumRetryDelay = maximumRetryDelay
            self.timeout = timeout
            self.headers = headers
        }
    }

    /// The configuration the client was made with.
    public let configuration: Configuration
    let httpClient: HTTPClient

    /// A client of the broker at `configuration.baseURL`, sending its requests through `httpClient`.
    ///
    /// The default client (``sharedHTTPClient``) fails a request at once when the connection is refused, so that the
    /// client's own retries and back-off apply; `HTTPClient.shared` would instead retry connecting until the request's
    /// time-out.
    public init(configuration: Configuration, httpClient: HTTPClient = BrokerClient.sharedHTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    /// The process-wide HTTP client the broker clients share by default: `HTTPClient.shared`'s event loops, a
    /// 10-second connect time-out, no connection retries inside the pool. Never shut down, like `HTTPClient.shared`.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The base URL without a trailing slash.
    public var baseURL: String {
        var url = configuration.baseURL
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// `url` made absolute: kept when it has a scheme, else appended to the base URL.
    public func absoluteURL(_ url: String) -> String {
        let lower = url.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return url }
        return baseURL + (url.hasPrefix("/") ? url : "/" + url)
    }
}

// MARK: - HAL primitives

extension BrokerClient {
    /// The media types the client accepts, as the official client sends them.
    public static let acceptHAL = "application/hal+json, application/json"

    /// `GET url`: the JSON document.
    public func get(_ url: String) async throws -> JSONValue {
        try await send(.GET, url).document
    }

    /// `GET url`, or nil when the broker answers 404.
    public func getIfExists(_ url: String) async throws -> JSONValue? {
        let response = try await send(.GET, url, allowNotFound: true)
        // Not `cond ? nil : document`: JSONValue is ExpressibleByNilLiteral, so that `nil` would be `.null`.
        if response.status == 404 { return Optional<JSONValue>.none }
        return response.document
    }

    /// Whether `GET url` finds something (false on 404).
    public func exists(_ url: String) async throws -> Bool {
        try await send(.GET, url, allowNotFound: true).status != 404
    }

    /// `POST url` with a JSON body: the response document (`{}` when it has none).
    @discardableResult
    public func post(_ url: String, body: JSONValue) async throws -> JSONValue {
        try await send(.POST, url, body: body).document
    }

    /// `PUT url` with a JSON body: the response document (`{}` when it has none).
    @discardableResult
    public func put(_ url: String, body: JSONValue) async throws -> JSONValue {
        try await send(.PUT, url, body: body).document
    }

    /// `PATCH url` with a JSON merge patch (`application/merge-patch+json`): the response document.
    @discardableResult
    public func patch(_ url: String, body: JSONValue) async throws -> JSONValue {
        try await send(.PATCH, url, body: body, contentType: "application/merge-patch+json").document
    }

    /// `DELETE url`: the response document (`{}` when it has none, as for a 204).
    @discardableResult
    public func delete(_ url: String) async throws -> JSONValue {
        try await send(.DELETE, url).document
    }

    /// The index resource (`GET /`), whose `_links` name every relation.
    public func index() async throws -> JSONValue {
        try await get(baseURL + "/")
    }

    /// The URL of relation `relation` of the index, with its `{placeholders}` replaced by `parameters`.
    public func url(forRelation relation: String, parameters: [String: String] = [:]) async throws -> String {
        try url(forRelation: relation, in: try await index(), parameters: parameters)
    }

    /// The URL of relation `relation` of `document` (its first link when the relation is an array), expanded.
    public func url(
        forRelation relation: String,
        in document: JSONValue,
        parameters: [String: String] = [:]
    ) throws -> String {
        guard let href = HAL.href(relation, in: document) else {
            throw BrokerClientError.missingRelation(relation, url: HAL.href("self", in: document) ?? baseURL)
        }
        return absoluteURL(HAL.expand(href, parameters))
    }
}

// MARK: - Sending

extension BrokerClient {
    /// One exchange with the broker: status, headers and the parsed JSON body.
    public struct Response: Sendable {
        /// The HTTP status code.
        public var status: Int
        /// The response headers.
        public var headers: [(name: String, value: String)]
        /// The parsed body: `{}` for an empty body.
        public var document: JSONValue
        /// The raw body text.
        public var text: String
    }

    /// Sends one request (retried as configured) and throws ``BrokerClientError`` unless the status is 2xx (or
    /// 404 when `allowNotFound`).
    public func send(
        _ method: HTTPMethod,
        _ url: String,
        body: JSONValue? = nil,
        contentType: String = "application/json",
        accept: String = BrokerClient.acceptHAL,
        allowNotFound: Bool = false
    ) async throws -> Response {
        let target = absoluteURL(url)
        var attempt = 0
        while true {
            let outcome: Result<Response, any Error>
            do {
                outcome = .success(
                    try await exchange(method, target, body: body, contentType: contentType, accept: accept)
                )
            } catch let error as CancellationError {
                throw error
            } catch {
                outcome = .failure(error)
            }
            let retryable: Bool
            var retryAfter: Duration?
            switch outcome {
            case .success(let response):
                retryable = [408, 429].contains(response.status) || response.status >= 500
                retryAfter = Self.retryAfter(response.headers)
            case .failure(let error):
                retryable = Self.isRetryable(error)
            }
            if retryable, attempt < configuration.retries {
                let backoff = configuration.retryDelay * (1 << min(attempt, 20))
                let delay = min(retryAfter ?? backoff, configuration.maximumRetryDelay)
                attempt += 1
                try await Task.sleep(for: delay)
                continue
            }
            switch outcome {
            case .failure(let error as BrokerClientError):
                throw error
            case .failure(let error):
                throw BrokerClientError.connection(method: method.rawValue, url: target, baseURL: baseURL, error)
            case .success(let response):
                if (200..<300).contains(response.status) || (allowNotFound && response.status == 404) {
                    return response
                }
                throw BrokerClientError.status(method: method.rawValue, url: target, response: response)
            }
        }
    }

    private func exchange(
        _ method: HTTPMethod,
        _ url: String,
        body: JSONValue?,
        contentType: String,
        accept: String
    ) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "User-Agent", value: "pactum-broker-client/\(BrokerClient.implementationVersion)")
        if let authentication = configuration.authentication {
            request.headers.add(name: "Authorization", value: authentication.headerValue)
        }
        for header in configuration.headers {
            request.headers.replaceOrAdd(name: header.name, value: header.value)
        }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: JSONWriter.compact(body)))
        }
        let components = configuration.timeout.components
        let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        let response = try await httpClient.execute(request, timeout: .nanoseconds(nanoseconds))
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let text = String(buffer: buffer)
        let headers = response.headers.map { (name: $0.name, value: $0.value) }
        let status = Int(response.status.code)
        let document: JSONValue
        if text.allSatisfy(\.isWhitespace) {
            document = .object([:])
        } else if let parsed = try? JSONParser.parse(text) {
            document = parsed
        } else if (200..<300).contains(status) {
            throw BrokerClientError.invalidBody(method: method.rawValue, url: url, status: status, text: text)
        } else {
            document = .object([:])
        }
        return Response(status: status, headers: headers, document: document, text: text)
    }

    static func retryAfter(_ headers: [(name: String, value: String)]) -> Duration? {
        guard let value = headers.first(where: { $0.name.lowercased() == "retry-after" })?.value,
            let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0
        else { return nil }
        return .seconds(seconds)
    }

    static func isRetryable(_ error: any Error) -> Bool {
        if error is BrokerClientError || error is NIOTooManyBytesError { return false }
        if let error = error as? HTTPClientError {
            if [HTTPClientError.invalidURL, .emptyHost, .emptyScheme].contains(error) { return false }
            if String(describing: error).contains("unsupportedScheme") { return false }
        }
        return true
    }

    /// The version sent as `verifiedBy.version` and in the User-Agent: Pactum's (`Pactum.version`).
    public static let implementationVersion = Pactum.version
}
