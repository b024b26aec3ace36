import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PactumCore

/// What one delivery attempt did: the request as sent (secrets masked), the response or the error, and the
/// execution log the Pact Broker keeps (`[time] LEVEL: line`).
struct WebhookExecutionResult: Sendable {
    var success: Bool
    /// The target was refused by the allow-lists (no request was sent; retrying would not help).
    var refused: Bool
    var url: String
    var requestHeaders: [(String, String)]
    var requestBody: String?
    var responseStatus: Int?
    var responseHeaders: [(String, String)]
    var responseBody: String?
    var error: String?
    var logs: String
}

/// Sends one rendered webhook request with AsyncHTTPClient (no redirects followed, bounded time and response size).
struct WebhookExecutor: Sendable {
    var client: HTTPClient
    var configuration: WebhookConfiguration

    static let maximumResponseBytes = 64 * 1024

    /// An HTTP client for webhooks: redirects are never followed (a redirect could lead to a forbidden host). With
    /// `host` and `address`, connections to `host` go to `address` (TLS still checks and sends the host name).
    static func makeClient(pinning host: String? = nil, to address: String? = nil) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
        if let host, let address { configuration.dnsOverride = [host: address] }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func execute(
        _ template: WebhookRequestTemplate,
        parameters: [String: String],
        context: [String: String]
    ) async -> WebhookExecutionResult {
        let policy = WebhookTargetPolicy(configuration: configuration)
        let url = WebhookTemplate.renderURL(template.url, parameters)
        var headers: [(String, String)] = template.headers.sorted { $0.key < $1.key }.map {
            ($0.key, WebhookTemplate.render($0.value, parameters))
        }
        if let username = template.username {
            let credentials =
                WebhookTemplate.render(username, parameters) + ":"
                + WebhookTemplate.render(template.password ?? "", parameters)
            headers.append(("Authorization", "Basic " + Data(credentials.utf8).base64EncodedString()))
        }
        let body = template.body.map { WebhookTemplate.renderBody($0, parameters) }
        let secrets = template.secrets(parameters)
        var log = ExecutionLog(secrets: secrets)
        log.debug("Webhook context \(JSONWriter.compact(.object(context.mapValues(JSONValue.string))))")
        log.info("HTTP/1.1 \(template.method) \(WebhookRedaction.url(url))")
        let shownHeaders = headers.map { ($0.0, WebhookRedaction.headerValue(name: $0.0, value: $0.1)) }
        for (name, value) in shownHeaders { log.info("\(name): \(value)") }
        if let body { log.info(body) }
        var result = WebhookExecutionResult(
            success: false,
            refused: false,
            url: WebhookRedaction.url(url),
            requestHeaders: shownHeaders,
            requestBody: body.map { WebhookRedaction.redact($0, secrets: secrets) },
            responseStatus: nil,
            responseHeaders: [],
            responseBody: nil,
            error: nil,
            logs: ""
        )
        let problems = policy.problems(method: template.method, url: url)
        if !problems.isEmpty {
            let message = problems.keys.sorted().flatMap { key in (problems[key] ?? []).map { "\(key) \($0)" } }
                .joined(separator: "; ")
            log.error("The webhook was not sent: \(message)")
            result.refused = true
            result.error = message
            result.logs = log.text
            return result
        }
        let host = URLComponents(string: url)?.host ?? ""
        let resolution = await policy.resolve(host: host)
        if case .refused(let problem) = resolution {
            log.error("The webhook was not sent: request.url \(problem)")
            result.refused = true
            result.error = problem
            result.logs = log.text
            return result
        }
        // A host name is connected to at the address that was checked (no second lookup by the HTTP client).
        var pinned: HTTPClient?
        if case .address(let address) = resolution, IPAddress(anyForm: WebhookTargetPolicy.normalise(host)) == nil {
            pinned = Self.makeClient(pinning: host, to: address)
        }
        let client = pinned ?? self.client
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: template.method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !request.headers.contains(name: "User-Agent") { request.headers.add(name: "User-Agent", value: "Pactum") }
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
        }
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(configuration.timeout.nanoseconds))
            let bytes = try await response.body.collect(upTo: Self.maximumResponseBytes)
            let status = Int(response.status.code)
            result.responseStatus = status
            result.responseHeaders = response.headers.map { ($0.name, $0.value) }
            result.responseBody = String(buffer: bytes)
            result.success = (200...206).contains(status)
            if configuration.showsResponses {
                log.info("HTTP/1.1 \(status) \(response.status.reasonPhrase)")
                for (name, value) in result.responseHeaders { log.info("\(name): \(value)") }
                if let text = result.responseBody, !text.isEmpty { log.info(text) }
            } else {
                log.info("HTTP/1.1 \(status) \(response.status.reasonPhrase)")
                log.info(Self.hiddenResponseMessage)
            }
        } catch {
            result.error = "\(error)"
            log.error("Error executing webhook: \(error)")
        }
        try? await pinned?.shutdown()
        log.info(result.success ? "Webhook executed successfully" : "Webhook execution failed")
        result.logs = log.text
        return result
    }

    static let hiddenResponseMessage =
        "For security purposes, the response details are not logged. To enable response logging, configure "
        + "--webhook-host-allow-list (the Pact Broker's webhook_host_whitelist)."

    /// The log of one attempt, secrets masked line by line.
    struct ExecutionLog {
        var secrets: [String]
        var text = ""

        mutating func debug(_ line: String) { append("DEBUG", line) }
        mutating func info(_ line: String) { append("INFO", line) }
        mutating func error(_ line: String) { append("ERROR", line) }

        private mutating func append(_ level: String, _ line: String) {
            let stamp = Date.ISO8601FormatStyle().format(Date())
            text += "[\(stamp)] \(level): \(WebhookRedaction.redact(line, secrets: secrets))\n"
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
