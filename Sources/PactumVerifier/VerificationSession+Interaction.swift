import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PactumCore

extension VerificationSession {
    /// Verifies one interaction: provider state set-up, the request or message, matching, teardown.
    func verify(_ interaction: Interaction, pending pactPending: Bool) async throws -> InteractionVerificationResult {
        let start = ContinuousClock.now
        var result = Self.emptyResult(of: interaction, pending: pactPending)
        try await run(interaction, into: &result)
        result.duration = ContinuousClock.now - start
        return result
    }

    /// The result of an interaction before anything was checked.
    static func emptyResult(of interaction: Interaction, pending pactPending: Bool) -> InteractionVerificationResult {
        InteractionVerificationResult(
            description: interaction.description,
            interactionID: interaction.additionalFields["_id"]?.stringValue ?? interaction.key,
            providerStates: interaction.providerStates,
            type: interaction.typeName,
            pending: interaction.pending || pactPending,
            comments: Self.comments(of: interaction),
            testName: interaction.comments["testname"]?.stringValue
        )
    }

    private func run(_ interaction: Interaction, into result: inout InteractionVerificationResult) async throws {
        let setup = await changeStates(of: interaction, action: .setup)
        result.warnings += setup.warnings
        if let failure = setup.failure {
            result.failures.append(failure)
            return
        }
        var context = GeneratorContext(providerState: setup.values)
        switch interaction.kind {
        case .http(let request, let response):
            try await verifyHTTP(request: request, response: response, context: &context, into: &result)
        case .asynchronousMessage(let message):
            let produced = await produceMessage(
                MessageRequest(description: interaction.description, providerStates: interaction.providerStates),
                into: &result
            )
            if let produced { Self.check(message: produced, against: message, into: &result) }
        case .synchronousMessage(let request, let responses):
            let generated = request.applyingGenerators(mode: .provider, context: &context)
            let produced = await produceMessage(
                MessageRequest(
                    description: interaction.description,
                    providerStates: interaction.providerStates,
                    request: generated.value
                ),
                into: &result
            )
            if let produced, let expected = responses.first {
                Self.check(message: produced, against: expected, into: &result)
            }
        }
        if configuration.providerStates.teardown {
            let teardown = await changeStates(of: interaction, action: .teardown)
            result.warnings += teardown.warnings
            if let failure = teardown.failure { result.failures.append(failure) }
        }
    }

    private static func comments(of interaction: Interaction) -> [String] {
        guard case .array(let texts)? = interaction.comments["text"] else { return [] }
        return texts.compactMap(\.stringValue)
    }

    // MARK: HTTP

    private func verifyHTTP(
        request contractRequest: HTTPRequest,
        response expected: HTTPResponse,
        context: inout GeneratorContext,
        into result: inout InteractionVerificationResult
    ) async throws {
        let generated = contractRequest.applyingGenerators(mode: .provider, context: &context)
        result.warnings += generated.problems.map { "A request generator could not run, its example was sent: \($0)" }
        var request = generated.value
        for header in configuration.customHeaders {
            if var headers = request.headers {
                for name in headers.keys where name.lowercased() == header.name.lowercased() { headers[name] = nil }
                headers[header.name] = [header.value]
                request.headers = headers
            } else {
                request.headers = [header.name: [header.value]]
            }
        }
        if let filter = configuration.requestFilter {
            do {
                request = try await filter(request)
            } catch {
                result.failures.append(
                    VerificationFailure(kind: .requestFailed, message: "The request filter failed: \(error)")
                )
                return
            }
        }
        let url = configuration.target.url(path: Self.encodePath(request.path), query: Self.queryString(of: request))
        result.requestLine = "\(request.method) \(url)"
        let actual: HTTPResponse
        do {
            actual = try await send(request, to: url)
        } catch let error as VerifierError {
            throw error
        } catch {
            result.failures.append(
                VerificationFailure(
                    kind: .requestFailed,
                    message: "\(request.method) \(url) failed: "
                        + Self.describe(error, timeout: configuration.requestTimeout)
                )
            )
            return
        }
        let mismatches = PactMatcher.match(expected: expected, actual: actual)
        Self.record(mismatches, expected: expected, into: &result)
    }

    /// Sends a request to the provider and reads the whole response.
    func send(_ request: HTTPRequest, to url: String) async throws -> HTTPResponse {
        var headers: [(name: String, value: String)] = []
        for (name, values) in (request.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            for value in values { headers.append((name, value)) }
        }
        var body: [UInt8]?
        if request.body.isPresent {
            if request.header("Content-Type") == nil, let type = request.body.contentType {
                headers.append(("Content-Type", type))
            }
            body = request.body.bytes
        }
        let response: ProviderHTTPResponse
        do {
            response = try await provider.execute(
                method: request.method,
                url: url,
                headers: headers,
                body: body,
                timeout: TimeAmount(configuration.requestTimeout),
                maximumBodySize: configuration.maximumBodySize,
                verifyCertificates: configuration.verifyTLSCertificates
            )
        } catch {
            if Self.isConnectionFailure(error) {
                throw VerifierError(
                    .providerUnreachable,
                    "The provider at \(configuration.target.url(path: "/", query: nil)) cannot be reached "
                        + "(\(Self.describe(error))). Start it first, or check --hostname/--port/--base-path."
                )
            }
            throw error
        }
        var headerValues: [String: [String]] = [:]
        for header in response.headers { headerValues[header.name, default: []].append(header.value) }
        let contentType = response.headers.first { $0.name.lowercased() == "content-type" }?.value
        return HTTPResponse(
            status: response.status,
            headers: headerValues,
            body: Body.fromWire(response.body, contentType: contentType)
        )
    }

    static func record(
        _ mismatches: [Mismatch],
        expected: HTTPResponse,
        into result: inout InteractionVerificationResult
    ) {
        let statusFailed = mismatches.contains { $0.part == .status }
        result.checks.append(VerificationCheck("has status code \(expected.status)", passed: !statusFailed))
        for name in (expected.headers ?? [:]).keys.sorted() {
            let value = expected.headers?[name]?.joined(separator: ", ") ?? ""
            let failed = mismatches.contains { $0.part == .header && $0.path.lowercased() == name.lowercased() }
            result.checks.append(
                VerificationCheck("includes header \"\(name)\" with value \"\(value)\"", passed: !failed)
            )
        }
        if expected.body.isPresent {
            let failed = mismatches.contains { $0.part == .body || $0.part == .bodyType }
            result.checks.append(VerificationCheck("has a matching body", passed: !failed))
        }
        result.failures += Self.group(mismatches)
    }

    static func group(_ mismatches: [Mismatch]) -> [VerificationFailure] {
        let kinds: [(VerificationFailure.Kind, Set<Mismatch.Part>)] = [
            (.statusMismatch, [.status]),
            (.headerMismatch, [.header]),
            (.bodyMismatch, [.body, .bodyType]),
            (.metadataMismatch, [.metadata]),
        ]
        var failures: [VerificationFailure] = []
        for (kind, parts) in kinds {
            let matching = mismatches.filter { parts.contains($0.part) }
            if !matching.isEmpty { failures.append(VerificationFailure(kind: kind, mismatches: matching)) }
        }
        let other = mismatches.filter { mismatch in !kinds.contains { $0.1.contains(mismatch.part) } }
        if !other.isEmpty { failures.append(VerificationFailure(kind: .bodyMismatch, mismatches: other)) }
        return failures
    }

    static func encodePath(_ path: String) -> String { PercentEncoding.path(path) }

    /// The query string sent to the provider: the contract's parameters in the contract's order (a V2 query string's
    /// order; names sorted when the contract gives none), form-encoded as the official verifier sends them
    /// (`author=Ursula+K.+Le+Guin`). A V1 query string is sent as written.
    static func queryString(of request: HTTPRequest) -> String? {
        if let raw = request.v1QueryString { return raw }
        guard let query = request.query, !query.isEmpty else { return nil }
        return QueryString.formURLEncoded(request.orderedQuery)
    }

    static func isConnectionFailure(_ error: any Error) -> Bool {
        if case .cannotConnect? = error as? ProviderHTTPError { return true }
        if let error = error as? HTTPClientError, error == .connectTimeout { return true }
        let text = String(describing: error)
        return text.contains("Connection refused") || text.contains("connectionRefused")
            || text.contains("NIOConnectionError") || text.contains("could not resolve")
    }

    /// What went wrong with a request to the provider, in words; `timeout` is the request timeout in force.
    static func describe(_ error: any Error, timeout: Duration? = nil) -> String {
        if let error = error as? ProviderHTTPError {
            switch error {
            case .timeout:
                let limit = timeout.map { " within the request timeout of \(Self.seconds($0))" } ?? " in time"
                return "the provider did not answer\(limit) (raise --request-timeout if it is just slow)"
            case .closedBeforeResponse:
                return "the provider closed the connection without a complete response"
            case .bodyTooLarge:
                return "the response body is larger than the limit"
            case .cannotConnect(_, let underlying):
                return "\(underlying)"
            case .invalidURL:
                return "\(error)"
            }
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout:
                let limit = timeout.map { " within the request timeout of \(Self.seconds($0))" } ?? " in time"
                return "the provider did not answer\(limit) (raise --request-timeout if it is just slow)"
            case .remoteConnectionClosed:
                return "the provider closed the connection without a complete response"
            default:
                return "\(error)"
            }
        }
        if error is NIOTooManyBytesError { return "the response body is larger than the limit" }
        if let error = error as? HTTPParserError {
            return "the provider's answer is not valid HTTP/1.1 (\(error)): is the port that of an HTTP server?"
        }
        if let error = error as? IOError, error.errnoCode == ECONNRESET {
            return "the provider reset the connection (ECONNRESET) before a complete response"
        }
        return "\(error)"
    }

    /// `1.5 s`, `2 s`.
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
