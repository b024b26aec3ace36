import Foundation
import Hummingbird
import PactumCore

/// A request as the broker's handlers see it: path parameters, the nested query, the body, the base URL.
struct BrokerRequest: Sendable {
    var method: String
    var path: String
    /// The path parameters, percent-decoded: `try request.parameters.require("pacticipant")`.
    var parameters: Parameters
    var rawQuery: String?
    var body: [UInt8]
    var baseURL: String
    /// The base URL for links that leave the request, such as webhook parameters (never from the Host header).
    var trustedBaseURL: String = ""
    var contentType: String?
    /// The Accept header (resources offering `text/plain` look at it).
    var accept: String? = nil
    /// The serving broker's webhook configuration and HTTP client (nil when a handler is called outside a server).
    var webhooks: WebhookRuntime? = nil

    var query: NestedQuery { NestedQuery.parse(rawQuery) }

    /// The body as a JSON value; an empty body reads as `{}`; invalid JSON is a 400 naming the problem.
    func json() throws(BrokerError) -> JSONValue {
        if body.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return .object([:]) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: body)
        } catch {
            throw BrokerError.badRequest("The request body is not valid JSON: \(error)")
        }
        if let path = Self.nulPath(in: value, at: "$") {
            throw BrokerError.badRequest(
                "The request body has a NUL character (U+0000) at \(path): names, versions and other text values "
                    + "cannot contain one (PostgreSQL cannot store it); remove it and send the request again"
            )
        }
        return value
    }

    /// The JSON path of the first string or key with a NUL character, which SQLite would cut short and PostgreSQL
    /// refuses: the broker answers 400 for it on both engines rather than storing something else.
    static func nulPath(in value: JSONValue, at path: String) -> String? {
        switch value {
        case .string(let text): return text.utf8.contains(0) ? path : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = nulPath(in: item, at: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let members):
            for key in members.keys.sorted() {
                if key.utf8.contains(0) { return path }
                if let member = members[key], let found = nulPath(in: member, at: "\(path).\(key)") { return found }
            }
            return nil
        default: return nil
        }
    }

    /// The body as a JSON object.
    func jsonObject() throws(BrokerError) -> [String: JSONValue] {
        let value = try json()
        guard case .object(let members) = value else {
            throw BrokerError.badRequest("The request body must be a JSON object, not \(value.typeName)")
        }
        return members
    }

    /// An absolute URL from path segments (each percent-encoded).
    func url(_ segments: String...) -> String { Self.url(baseURL, segments) }

    static func url(_ base: String, _ segments: [String]) -> String {
        base + "/" + segments.map(encodeSegment).joined(separator: "/")
    }

    static func encodeSegment(_ text: String) -> String { PercentEncoding.pathSegment(text) }
}
