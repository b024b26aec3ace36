/// The provider has no book with the id asked for (it answered 404).
public struct BookNotFound: Error, Sendable, Equatable, CustomStringConvertible {
    /// The id that was asked for.
    public var id: Int
    /// The provider's explanation (the `error` field of its 404 body), when it gave one.
    public var message: String?

    public init(id: Int, message: String? = nil) {
        self.id = id
        self.message = message
    }

    public var description: String {
        "The bookshelf has no book with id \(id)" + (message.map { " (the service said: \($0))" } ?? "")
    }
}
