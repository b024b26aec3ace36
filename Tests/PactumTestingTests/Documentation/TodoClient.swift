import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The client under test in the documentation's samples: a small client of a to-do API, written as an app team
/// would (URLSession, Codable), knowing nothing of Pactum.
struct Todo: Codable, Sendable, Equatable {
    var id: Int
    var title: String
    var done: Bool
    var due: Date
    var tags: [String]

    static let sample = Todo(
        id: 1,
        title: "Buy milk",
        done: false,
        due: Date(timeIntervalSince1970: 1_714_557_600),
        tags: ["home"]
    )
}

struct TodoNotFound: Error, Equatable {
    var id: Int
}

struct TodoAPIError: Error {
    var status: Int
}

struct TodoClient: Sendable {
    var baseURL: URL
    var session: URLSession = .shared

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    func todo(id: Int) async throws -> Todo {
        var request = URLRequest(url: baseURL.appendingPathComponent("todos/\(id)"))
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 404 { throw TodoNotFound(id: id) }
        guard status == 200 else { throw TodoAPIError(status: status) }
        return try Self.decoder.decode(Todo.self, from: data)
    }

    /// Any JSON object the API answers, for samples that look at the raw fields.
    func object(at path: String) async throws -> [String: Any] {
        let (data, response) = try await session.data(from: baseURL.appendingPathComponent(path))
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200, let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TodoAPIError(status: status)
        }
        return object
    }

    func todos(tag: String) async throws -> [Todo] {
        var components = URLComponents(url: baseURL.appendingPathComponent("todos"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "tag", value: tag)]
        var request = URLRequest(url: components.url!)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw TodoAPIError(status: status) }
        return try Self.decoder.decode([Todo].self, from: data)
    }

    func add(title: String) async throws -> Todo {
        var request = URLRequest(url: baseURL.appendingPathComponent("todos"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["title": title])
        let (data, response) = try await session.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 201 else { throw TodoAPIError(status: status) }
        return try Self.decoder.decode(Todo.self, from: data)
    }
}

/// What the app does with a "todo completed" event from the message broker.
struct TodoCompleted: Codable, Sendable {
    var id: Int
    var completedAt: Date
}

enum TodoEvents {
    static func handle(_ event: TodoCompleted) throws {
        guard event.id > 0 else { throw TodoAPIError(status: 0) }
    }
}
