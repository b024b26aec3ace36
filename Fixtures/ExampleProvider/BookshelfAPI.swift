import Foundation

/// The provider's routes: the bookshelf API and the provider-state endpoint the Pact verifier calls.
///
/// - `GET /books/{id}`: the book, or 404 `{"error": …}`.
/// - `GET /books?author=…`: the books by that author (all books without `author`), ordered by id.
/// - `POST /books`: shelves a new book; 201 with `Location: /books/{id}` and the book, 400 when invalid.
/// - `DELETE /books/{id}`: 204, or 404 `{"error": …}`.
/// - `POST /_pact/provider-states`: sets up or tears down a provider state (see `BookshelfAPI+ProviderStates`).
struct BookshelfAPI: Sendable {
    let store: BookStore
    /// A deliberate breaking change, for showing what verification catches: books are sent with their price as
    /// text (`"12.5"`) instead of a number.
    var priceAsText = false

    static let providerStatesPath = "/_pact/provider-states"

    func respond(to request: ProviderRequest) -> ProviderResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if request.path == Self.providerStatesPath {
            guard request.method == "POST" else { return methodNotAllowed(request, allowed: ["POST"]) }
            return changeProviderState(request)
        }
        switch segments.count {
        case 1 where segments[0] == "books":
            switch request.method {
            case "GET": return listBooks(request)
            case "POST": return addBook(request)
            default: return methodNotAllowed(request, allowed: ["GET", "POST"])
            }
        case 2 where segments[0] == "books":
            guard let id = Int(segments[1]) else { return .error(404, "No book with id '\(segments[1])'") }
            switch request.method {
            case "GET": return getBook(id: id)
            case "DELETE": return deleteBook(id: id)
            default: return methodNotAllowed(request, allowed: ["GET", "DELETE"])
            }
        default:
            return .error(404, "No route for \(request.method) \(request.path)")
        }
    }

    private func getBook(id: Int) -> ProviderResponse {
        guard let book = store.book(id: id) else { return .error(404, "No book with id \(id)") }
        return priceAsText ? .json(200, BookWithTextPrice(book)) : .json(200, book)
    }

    private func listBooks(_ request: ProviderRequest) -> ProviderResponse {
        let books = request.query["author"]?.first.map { store.books(byAuthor: $0) } ?? store.all()
        return priceAsText ? .json(200, books.map(BookWithTextPrice.init)) : .json(200, books)
    }

    private func addBook(_ request: ProviderRequest) -> ProviderResponse {
        let new: NewBook
        do {
            new = try JSONDecoder().decode(NewBook.self, from: Data(request.body))
        } catch {
            return .error(
                400,
                "The body must be a JSON book with title, author, isbn, published, tags and price: \(error)"
            )
        }
        if let problem = new.problem { return .error(400, "Invalid book: \(problem)") }
        let book = store.add(new)
        return .json(201, book, headers: [("Location", "/books/\(book.id)")])
    }

    private func deleteBook(id: Int) -> ProviderResponse {
        store.delete(id: id) ? .noContent : .error(404, "No book with id \(id)")
    }

    private func methodNotAllowed(_ request: ProviderRequest, allowed: [String]) -> ProviderResponse {
        .error(
            405,
            "\(request.method) is not allowed on \(request.path); use \(allowed.joined(separator: " or "))",
            headers: [("Allow", allowed.joined(separator: ", "))]
        )
    }
}
