import Foundation
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// Requests to an in-process broker over real HTTP, each on a thread of its own (never blocking the Swift
/// concurrency pool the broker runs on).
struct BrokerHTTPTestClient {
    var port: Int

    init(_ broker: RunningBroker) { port = broker.port }

    struct Answer {
        var status: Int
        var contentType: String
        var text: String

        func json() throws -> JSONValue {
            do {
                return try JSONParser.parse(text)
            } catch {
                throw TestFailure(description: "status \(status), not JSON (\(error)): \(text)")
            }
        }

        /// Every message of a HAL error body (`error`, `errors.*[]`), joined.
        var errorMessage: String {
            guard let body = try? JSONParser.parse(text) else { return text }
            var messages: [String] = []
            if let error = body["error"] {
                messages.append(error.stringValue ?? error["message"]?.stringValue ?? error.jsonText)
            }
            for message in body["errors"]?.arrayValue ?? [] { messages.append(message.displayString) }
            for (key, value) in (body["errors"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                for message in value.arrayValue ?? [value] { messages.append("\(key): \(message.displayString)") }
            }
            return messages.joined(separator: "; ")
        }
    }

    func send(
        _ method: String,
        _ target: String,
        body: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> Answer {
        var all = headers
        if body != nil, !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            all.append(("Content-Type", "application/json"))
        }
        let response = try await LoopbackHTTPClient.sendAsync(
            method: method,
            port: port,
            target: target,
            headers: all,
            body: Array((body ?? "").utf8)
        )
        return Answer(
            status: response.status,
            contentType: response.header("Content-Type") ?? "",
            text: String(decoding: response.body, as: UTF8.self)
        )
    }

    /// GET that must answer 200 with JSON.
    func getJSON(_ target: String) async throws -> JSONValue {
        let answer = try await send("GET", target)
        guard answer.status == 200 else {
            throw TestFailure(description: "GET \(target) answered \(answer.status): \(answer.text)")
        }
        return try answer.json()
    }

    /// A small pact between `consumer` and `provider` with one interaction per description.
    static func pact(
        _ consumer: String,
        _ provider: String,
        interactions: [(description: String, state: String?, status: Int)]
    ) -> JSONValue {
        [
            "consumer": ["name": .string(consumer)],
            "provider": ["name": .string(provider)],
            "interactions": .array(
                interactions.map { item in
                    object([
                        ("description", .string(item.description)),
                        ("providerStates", item.state.map { [["name": .string($0), "params": ["id": 1]]] }),
                        ("request", ["method": "GET", "path": "/items"]),
                        ("response", ["status": .integer(item.status)]),
                    ])
                }
            ),
            "metadata": ["pactSpecification": ["version": "3.0.0"]],
        ]
    }

    /// Publishes a verification result for a pact through its `pb:publish-verification-results` link (as a verifier
    /// does), requiring 201.
    func publishVerification(
        provider: String,
        consumer: String,
        consumerVersion: String,
        providerVersion: String,
        success: Bool
    ) async throws {
        let pact = try await getJSON("/pacts/provider/\(provider)/consumer/\(consumer)/version/\(consumerVersion)")
        guard let href = pact["_links"]?["pb:publish-verification-results"]?["href"]?.stringValue,
            let path = URLComponents(string: href)?.percentEncodedPath
        else { throw TestFailure(description: "the pact of \(consumer) \(consumerVersion) has no publish link") }
        let body = #"{"success": \#(success), "providerApplicationVersion": "\#(providerVersion)"}"#
        let answer = try await send("POST", path, body: body)
        guard answer.status == 201 else {
            throw TestFailure(description: "publishing the verification answered \(answer.status): \(answer.text)")
        }
    }

    /// Publishes through `POST /contracts/publish` (as the official CLI does), requiring success.
    func publish(_ pact: JSONValue, version: String, branch: String? = nil) async throws {
        let consumer = pact["consumer"]?["name"]?.stringValue ?? ""
        let provider = pact["provider"]?["name"]?.stringValue ?? ""
        let content = Data(JSONWriter.compact(pact).utf8).base64EncodedString()
        let body = object([
            ("pacticipantName", .string(consumer)),
            ("pacticipantVersionNumber", .string(version)),
            ("branch", branch.map(JSONValue.string)),
            (
                "contracts",
                [
                    [
                        "consumerName": .string(consumer), "providerName": .string(provider),
                        "specification": "pact", "contentType": "application/json", "content": .string(content),
                    ]
                ]
            ),
        ])
        let answer = try await send("POST", "/contracts/publish", body: JSONWriter.compact(body))
        guard answer.status == 200 else {
            throw TestFailure(description: "publish answered \(answer.status): \(answer.text)")
        }
    }
}

/// `object([(key, value?)])` for tests: a JSON object without the nil members.
func object(_ members: [(String, JSONValue?)]) -> JSONValue {
    var result: [String: JSONValue] = [:]
    for (key, value) in members { if let value { result[key] = value } }
    return .object(result)
}

/// A test helper's failure, with a message saying what the broker answered.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
}

extension JSONValue {
    /// The array element at `index`, nil when this is not an array or the index is out of range.
    subscript(_ index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
