import Synchronization

/// The provider's in-memory shelf, shared by every connection.
final class BookStore: Sendable {
    private let books = Mutex<[Int: Book]>([:])

    /// Every book, ordered by id.
    func all() -> [Book] {
        books.withLock { $0.values.sorted { $0.id < $1.id } }
    }

    func book(id: Int) -> Book? {
        books.withLock { $0[id] }
    }

    /// The books whose author is `author` (ignoring case), ordered by id.
    func books(byAuthor author: String) -> [Book] {
        all().filter { $0.author.lowercased() == author.lowercased() }
    }

    /// Shelves a new book under the next free id and returns it.
    func add(_ new: NewBook) -> Book {
        books.withLock { books in
            let id = (books.keys.max() ?? 0) + 1
            let book = Book(
                id: id,
                title: new.title,
                author: new.author,
                isbn: new.isbn,
                published: new.published,
                tags: new.tags ?? [],
                price: new.price
            )
            books[id] = book
            return book
        }
    }

    /// Shelves `book` under its own id, replacing any book with that id.
    func put(_ book: Book) {
        books.withLock { $0[book.id] = book }
    }

    /// Removes the book; false when there was none with that id.
    func delete(id: Int) -> Bool {
        books.withLock { $0.removeValue(forKey: id) != nil }
    }

    /// The next id `add` would assign.
    func nextID() -> Int {
        books.withLock { ($0.keys.max() ?? 0) + 1 }
    }

    func removeAll() {
        books.withLock { $0.removeAll() }
    }
}
