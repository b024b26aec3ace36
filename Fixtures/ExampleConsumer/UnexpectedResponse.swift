/// The provider answered in a way the client does not understand: a status it does not expect,
/// or a body it cannot decode.
public struct UnexpectedResponse: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request, e.g. `GET /books/42`.
    public var request: String
    /// The HTTP status the provider answered with.
    public var status: Int
    /// What the client expected instead.
    public var expected: String
    /// The response body as text (cut at 500 characters).
    public var body: String

    public init(request: String, status: Int, expected: String, body: String) {
        self.request = request
        self.status = status
        self.expected = expected
        self.body = body
    }

    public var description: String {
        "\(request) answered \(status), but the bookshelf client expected \(expected)"
            + (body.isEmpty ? "" : "; the body was: \(body)")
    }
}
