import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PactumCore

extension VerificationSession {
    /// Obtains the message for a message interaction from the configured producer, or records why it could not.
    func produceMessage(
        _ request: MessageRequest,
        into result: inout InteractionVerificationResult
    ) async
        -> ProducedMessage?
    {
        do {
            switch configuration.messages.storage {
            case .callback(let producer):
                return try await producer(request)
            case .producers(let producers):
                guard let producer = producers[request.description] else {
                    result.failures.append(
                        VerificationFailure(
                            kind: .messageFailed,
                            message: "No message producer is configured for '\(request.description)'; add one for "
                                + "this description"
                        )
                    )
                    return nil
                }
                return try await producer(request)
            case .http(let path):
                return try await fetchMessage(request, path: path, into: &result)
            }
        } catch let error as VerifierError {
            result.failures.append(VerificationFailure(kind: .messageFailed, message: error.message))
            return nil
        } catch {
            result.failures.append(VerificationFailure(kind: .messageFailed, message: "\(error)"))
            return nil
        }
    }

    private func fetchMessage(
        _ request: MessageRequest,
        path: String,
        into result: inout InteractionVerificationResult
    ) async throws -> ProducedMessage? {
        var body: [String: JSONValue] = ["description": .string(request.description)]
        if !request.providerStates.isEmpty {
            body["providerStates"] = .array(
                request.providerStates.map { .object(["name": .string($0.name), "params": .object($0.params)]) }
            )
        }
        if let message = request.request {
            var contents: [String: JSONValue] = ["metadata": .object(message.metadata)]
            switch message.contents.content {
            case .json(let value): contents["contents"] = value
            case .missing: break
            default: contents["contents"] = .string(message.contents.textValue ?? "")
            }
            body["request"] = .object(contents)
        }
        var outgoing = HTTPRequest(method: "POST", path: path, headers: ["Content-Type": ["application/json"]])
        outgoing.body = .json(.object(body))
        for header in configuration.customHeaders { outgoing.headers?[header.name] = [header.value] }
        if let filter = configuration.requestFilter { outgoing = try await filter(outgoing) }
        let url = configuration.target.url(path: Self.encodePath(outgoing.path), query: nil)
        result.requestLine = "POST \(url)"
        let response: HTTPResponse
        do {
            response = try await send(outgoing, to: url)
        } catch let error as VerifierError {
            throw error
        } catch {
            throw VerifierError(.providerUnreachable, "POST \(url) failed: \(Self.describe(error))")
        }
        guard (200..<300).contains(response.status) else {
            result.failures.append(
                VerificationFailure(
                    kind: .messageFailed,
                    message: "The provider answered POST \(url) with status \(response.status) instead of the message"
                )
            )
            return nil
        }
        var metadata: [String: JSONValue] = [:]
        if let contentType = response.contentType { metadata["contentType"] = .string(contentType) }
        if let encoded = response.header("Pact-Message-Metadata")?.first {
            guard let data = Data(base64Encoded: encoded.trimmingCharacters(in: .whitespaces)),
                case .object(let values)? = try? JSONParser.parse(bytes: Array(data))
            else {
                result.failures.append(
                    VerificationFailure(
                        kind: .messageFailed,
                        message: "The Pact-Message-Metadata header of the provider's answer is not base64-encoded JSON"
                    )
                )
                return nil
            }
            metadata.merge(values) { _, new in new }
        }
        return ProducedMessage(contents: response.body, metadata: metadata)
    }

    /// A message in the Confluent schema registry's JSON wire format (`application/vnd.schemaregistry.v1+json`: a zero
    /// magic byte and a 4-byte schema id before the JSON document) with that header removed, so its JSON is compared
    /// with the contract's, as pact-jvm does. Other bodies are returned unchanged.
    static func removingSchemaRegistryHeader(_ body: Body) -> Body {
        guard let type = body.contentType, let media = MediaType(type), media.type == "application",
            media.subtype == "vnd.schemaregistry.v1+json"
        else { return body }
        let bytes = body.bytes
        guard bytes.count > 5, bytes[0] == 0, let value = try? JSONParser.parse(bytes: Array(bytes.dropFirst(5))) else {
            return body
        }
        return Body(.json(value), contentType: type)
    }

    /// Matches a produced message against the contract's and records checks and failures.
    static func check(
        message produced: ProducedMessage,
        against expected: Message,
        into result: inout InteractionVerificationResult
    ) {
        var contents = produced.contents
        if contents.contentType == nil {
            let type = (produced.metadata["contentType"] ?? produced.metadata["content-type"])?.stringValue
            if let type, case .text(let text) = contents.content {
                contents = Body.fromWire(Array(text.utf8), contentType: type)
            } else {
                contents.contentType = type
            }
        }
        contents = removingSchemaRegistryHeader(contents)
        let actual = Message(contents: contents, metadata: produced.metadata)
        let mismatches = PactMatcher.match(expected: expected, actual: actual)
        if expected.contents.isPresent {
            let failed = mismatches.contains { $0.part == .body || $0.part == .bodyType }
            result.checks.append(VerificationCheck("has a matching body", passed: !failed))
        }
        for name in expected.metadata.keys.sorted() {
            let value = expected.metadata[name].map { $0.stringValue ?? JSONWriter.compact($0) } ?? ""
            let failed = mismatches.contains { $0.part == .metadata && $0.path == name }
            result.checks.append(
                VerificationCheck("includes metadata \"\(name)\" with value \"\(value)\"", passed: !failed)
            )
        }
        result.failures += group(mismatches)
    }
}
