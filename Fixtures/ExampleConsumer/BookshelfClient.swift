import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A client of the example provider's bookshelf API.
///
/// ```swift
/// let client = BookshelfClient(baseURL: URL(string: "http://127.0.0.1:8080")!)
/// let book = try await client.book(id: 42)
/// ```
///
/// Every method throws `BookNotFound` when the provider answers 404 for a book id, `UnexpectedResponse`
/// for any other status it does not expect or a body it cannot decode, and `URLError` when the provider
/// cannot be reached.
public struct BookshelfClient: Sendable {
    /// The provider's root, e.g. `http://127.0.0.1:8080`; paths such as `/books/42` are appended to it.
    public let baseURL: URL
    private let session: URLSession

    public init(baseURL: URL, session: URLSession = .shared) {
        self.baseURL = baseURL
        self.session = session
    }

    /// `GET /books/{id}`: the book with that id.
    public func book(id: Int) async throws -> Book {
        let (status, body, request) = try await send("GET", "/books/\(id)")
        switch status {
        case 200: return try decode(Book.self, from: body, request: request, status: status)
        case 404: throw BookNotFound(id: id, message: Self.errorMessage(in: body))
        default: throw unexpected(request, status, expected: "200 or 404", body: body)
        }
    }

    /// `GET /books?author={author}`: the books by that author, possibly none.
    public func books(byAuthor author: String) async throws -> [Book] {
        let (status, body, request) = try await send(
            "GET",
            "/books",
            query: [URLQueryItem(name: "author", value: author)]
        )
        guard status == 200 else { throw unexpected(request, status, expected: "200", body: body) }
        return try decode([Book].self, from: body, request: request, status: status)
    }

    /// `POST /books`: shelves the book and returns it with the id the provider assigned (the provider answers 201).
    public func addBook(_ book: NewBook) async throws -> Book {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let (status, body, request) = try await send("POST", "/books", body: try encoder.encode(book))
        guard status == 201 else { throw unexpected(request, status, expected: "201", body: body) }
        return try decode(Book.self, from: body, request: request, status: status)
    }

    /// `DELETE /books/{id}`: removes the book (the provider answers 204).
    public func deleteBook(id: Int) async throws {
        let (status, body, request) = try await send("DELETE", "/books/\(id)")
        switch status {
        case 200, 204: return
        case 404: throw BookNotFound(id: id, message: Self.errorMessage(in: body))
        default: throw unexpected(request, status, expected: "204 or 404", body: body)
        }
    }

    // MARK: - Plumbing

    private func send(
        _ method: String,
        _ path: String,
        query: [URLQueryItem] = [],
        body: Data? = nil
    ) async throws -> (status: Int, body: Data, request: String) {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path =
            components.path.hasSuffix("/") ? String(components.path.dropLast()) + path : components.path + path
        if !query.isEmpty { components.queryItems = query }
        let description = "\(method) \(path)" + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        guard let url = components.url else {
            throw UnexpectedResponse(request: description, status: 0, expected: "a valid URL", body: "")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw UnexpectedResponse(request: description, status: 0, expected: "an HTTP response", body: "")
        }
        return (http.statusCode, data, description)
    }

    private func decode<T: Decodable>(_ type: T.Type, from body: Data, request: String, status: Int) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw unexpected(request, status, expected: "a JSON \(T.self) body (\(error))", body: body)
        }
    }

    private func unexpected(_ request: String, _ status: Int, expected: String, body: Data) -> UnexpectedResponse {
        UnexpectedResponse(
            request: request,
            status: status,
            expected: expected,
            body: String(String(decoding: body, as: UTF8.self).prefix(500))
        )
    }

    /// The `error` field of a JSON error body, if there is one.
    private static func errorMessage(in body: Data) -> String? {
        struct ErrorBody: Decodable { var error: String }
        return try? JSONDecoder().decode(ErrorBody.self, from: body).error
    }
}
