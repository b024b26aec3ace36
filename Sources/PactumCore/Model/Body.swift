import Foundation

/// The body of a request or response, or the contents of a message.
///
/// Pact distinguishes a missing body (not constrained), a JSON `null` body, an empty body and
/// a present one. Present bodies are JSON, text (XML, plain text, forms, …) or bytes.
public struct Body: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        /// No body in the contract: anything goes.
        case missing
        /// `"body": null`.
        case null
        /// An empty body (`""`).
        case empty
        case json(JSONValue)
        case text(String)
        case binary([UInt8])
    }

    public var content: Content
    /// The content type declared with the body (V4 `contentType`), if any.
    public var contentType: String?
    /// V4 `contentTypeHint` (`TEXT` or `BINARY`), kept for the round trip.
    public var contentTypeHint: String?

    public init(_ content: Content, contentType: String? = nil, contentTypeHint: String? = nil) {
        self.content = content
        self.contentType = contentType
        self.contentTypeHint = contentTypeHint
    }

    public static let missing = Body(.missing)

    public static func json(_ value: JSONValue, contentType: String = "application/json") -> Body {
        Body(.json(value), contentType: contentType)
    }

    public static func text(_ text: String, contentType: String = "text/plain") -> Body {
        Body(.text(text), contentType: contentType)
    }

    public static func binary(_ bytes: [UInt8], contentType: String = "application/octet-stream") -> Body {
        Body(.binary(bytes), contentType: contentType)
    }

    public var isMissing: Bool { content == .missing }

    /// Whether the body holds something (not missing, null or empty).
    public var isPresent: Bool {
        switch content {
        case .missing, .null, .empty: return false
        default: return true
        }
    }

    /// The body's bytes as they would go over the wire.
    public var bytes: [UInt8] {
        switch content {
        case .missing, .empty: return []
        case .null: return Array("null".utf8)
        case .json(let value): return Array(JSONWriter.compact(value).utf8)
        case .text(let text): return Array(text.utf8)
        case .binary(let bytes): return bytes
        }
    }

    /// Interprets raw bytes received over the wire with the given content type.
    public static func fromWire(_ bytes: [UInt8], contentType: String?) -> Body {
        if bytes.isEmpty { return Body(.empty, contentType: contentType) }
        let media = contentType.flatMap(MediaType.init)
        if media?.isJSON ?? false, let value = try? JSONParser.parse(bytes: bytes) {
            return Body(.json(value), contentType: contentType)
        }
        if media == nil, let first = bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
            let value = try? JSONParser.parse(bytes: bytes)
        {
            return Body(.json(value), contentType: contentType)
        }
        if media.map({ !$0.isBinary }) ?? true, let text = String(validating: bytes, as: UTF8.self) {
            return Body(.text(text), contentType: contentType)
        }
        return Body(.binary(bytes), contentType: contentType)
    }

    /// The body as text when it is text or JSON.
    public var textValue: String? {
        switch content {
        case .text(let text): return text
        case .json(let value): return JSONWriter.compact(value)
        case .binary(let bytes): return String(validating: bytes, as: UTF8.self)
        case .empty: return ""
        default: return nil
        }
    }
}
