/// A book to add to the shelf: a `Book` without its id, which the provider assigns.
public struct NewBook: Codable, Sendable, Equatable, Hashable {
    public var title: String
    public var author: String
    /// ISBN-13 with hyphens, e.g. `978-0-441-47812-5`.
    public var isbn: String
    /// The publication date, `yyyy-MM-dd`.
    public var published: String
    public var tags: [String]
    public var price: Double

    public init(title: String, author: String, isbn: String, published: String, tags: [String], price: Double) {
        self.title = title
        self.author = author
        self.isbn = isbn
        self.published = published
        self.tags = tags
        self.price = price
    }
}
