import Foundation

/// A book on the shelf, as the API sends it.
struct Book: Codable, Sendable, Equatable {
    var id: Int
    var title: String
    var author: String
    /// ISBN-13 with hyphens, e.g. `978-0-441-47812-5`.
    var isbn: String
    /// The publication date, `yyyy-MM-dd`.
    var published: String
    var tags: [String]
    var price: Double
}

/// The body of `POST /books`: a book without its id (the shelf assigns one).
struct NewBook: Decodable, Sendable {
    var title: String
    var author: String
    var isbn: String
    var published: String
    var tags: [String]?
    var price: Double

    /// Why the book cannot be shelved, or nil when it can.
    var problem: String? {
        if title.trimmingCharacters(in: .whitespaces).isEmpty { return "'title' must not be empty" }
        if author.trimmingCharacters(in: .whitespaces).isEmpty { return "'author' must not be empty" }
        if !Book.isDate(published) { return "'published' must be a date 'yyyy-MM-dd', got '\(published)'" }
        if price < 0 { return "'price' must not be negative, got \(price)" }
        return nil
    }
}

extension Book {
    /// Whether `text` is a `yyyy-MM-dd` date (digits in the right places, month 1-12, day 1-31).
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}

/// A book with its price as text: the deliberate breaking change of `ExampleProvider --price-as-text`.
struct BookWithTextPrice: Encodable, Sendable {
    var id: Int
    var title: String
    var author: String
    var isbn: String
    var published: String
    var tags: [String]
    var price: String

    init(_ book: Book) {
        id = book.id
        title = book.title
        author = book.author
        isbn = book.isbn
        published = book.published
        tags = book.tags
        price = String(book.price)
    }
}
