/// One way in which an actual request, response or message differs from the contract.
///
/// It says where (`side`, `part` and `path`), what was expected, what arrived, and one sentence
/// a person can act on (`message`).
public struct Mismatch: Hashable, Sendable, CustomStringConvertible {
    /// Which side of the interaction the mismatch is in.
    public enum Side: String, Hashable, Sendable {
        case request
        case response
        case message
    }

    /// Which part of the request, response or message.
    public enum Part: String, Hashable, Sendable {
        case method
        case path
        case query
        case header
        case status
        case body
        /// The body's content type differs, so the body could not be compared.
        case bodyType = "body type"
        case metadata
    }

    public var side: Side
    public var part: Part
    /// Where inside the part: a JSON path (`$.user.id`), a header, query or metadata name, or `""`.
    public var path: String
    /// The expected value, as text (nil when there is nothing to show).
    public var expected: String?
    /// The actual value, as text (nil when it was missing).
    public var actual: String?
    /// One sentence describing the difference.
    public var message: String

    public init(
        side: Side,
        part: Part,
        path: String = "",
        expected: String? = nil,
        actual: String? = nil,
        message: String
    ) {
        self.side = side
        self.part = part
        self.path = path
        self.expected = expected
        self.actual = actual
        self.message = message
    }

    /// `response body $.user.id`, `request header Accept`, `response status`.
    public var location: String {
        var text = "\(side.rawValue) \(part.rawValue)"
        if !path.isEmpty { text += " \(path)" }
        return text
    }

    public var description: String { "\(location): \(message)" }
}
