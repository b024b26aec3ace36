import Foundation
import HTTPTypes
import Hummingbird
import PactumBrokerWire
import PactumCore

/// What a handler answers.
struct BrokerResponse: Sendable {
    var status: Int
    var json: JSONValue?
    var headers: [(String, String)] = []
    var contentType = "application/hal+json;charset=utf-8"
    /// A plain-text body (with `contentType` set accordingly), used when `json` is nil.
    var text: String? = nil
    /// Work that must not hold the request's transaction (an outgoing HTTP call): the dispatcher commits first, then
    /// answers with what this returns.
    var afterCommit: (@Sendable () async throws -> BrokerResponse)? = nil
    /// The webhook deliveries the request queued: the route wakes the delivery worker once they are committed.
    var queuedWebhookDeliveries: [QueuedWebhookDelivery] = []
    /// Whether the request queued comparisons of consumer pacts with provider contracts: the route wakes the
    /// comparison worker once they are committed.
    var queuedComparisons = false

    static func ok(_ json: JSONValue) -> BrokerResponse { BrokerResponse(status: 200, json: json) }
    static func created(_ json: JSONValue, location: String) -> BrokerResponse {
        BrokerResponse(status: 201, json: json, headers: [("Location", location)])
    }
    static let noContent = BrokerResponse(status: 204, json: nil)

    /// A PactumBrokerWire document, encoded once straight into the body (not into a `JSONValue` to be written again).
    static func ok(encoding document: some Encodable) throws -> BrokerResponse {
        BrokerResponse(status: 200, json: nil, text: try encoded(document))
    }

    /// A PactumBrokerWire document for a resource just created at `location`.
    static func created(encoding document: some Encodable, location: String) throws -> BrokerResponse {
        BrokerResponse(status: 201, json: nil, headers: [("Location", location)], text: try encoded(document))
    }

    private static func encoded(_ document: some Encodable) throws -> String {
        // The largest documents build their JSON directly: a quarter of a big matrix's CPU time went to the encoder.
        if let representable = document as? any JSONValueRepresentable {
            return JSONWriter.compact(representable.jsonValue)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}

/// A link object.
func link(_ href: String, title: String? = nil, name: String? = nil, templated: Bool = false) -> JSONValue {
    var object: [String: JSONValue] = ["href": .string(href)]
    if let title { object["title"] = .string(title) }
    if let name { object["name"] = .string(name) }
    if templated { object["templated"] = true }
    return .object(object)
}

/// Builds a JSON object leaving out nil values (as the Pact Broker's decorators do).
func object(_ members: [(String, JSONValue?)]) -> JSONValue {
    var result: [String: JSONValue] = [:]
    for (key, value) in members { if let value { result[key] = value } }
    return .object(result)
}

extension Optional where Wrapped == String {
    var json: JSONValue? { map(JSONValue.string) }
}

extension BrokerResponse {
    /// The HTTP response: `Vary: Accept`, the handler's headers, and the JSON or text body with its content type.
    var response: Response {
        var fields = HTTPFields()
        fields[.vary] = "Accept"
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        let text: String
        if let json {
            text = JSONWriter.compact(json)
        } else if let body = self.text {
            text = body
        } else {
            return Response(status: .init(code: status), headers: fields)
        }
        fields[.contentType] = contentType
        return Response(
            status: .init(code: status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
