import Foundation

/// The provider-state endpoint, in the convention of the official Pact verifier (`--state-change-url`):
/// `POST /_pact/provider-states` with `{"state": "…", "params": {…}, "action": "setup" | "teardown"}`
/// (or the same as query parameters, for `--state-change-as-query`).
///
/// States:
/// - `a book with id {id} exists` (or `a book exists`): shelves a book under that id; the id comes from
///   `params.id` or the state's text, and `params` may set `title`, `author`, `isbn`, `published`, `tags`, `price`.
///   Answers the book's fields, for `ProviderState` generators (`${id}`, `${title}`, …).
/// - `books by {author} exist`: shelves two books by that author (`params.author` wins over the text).
///   Answers `{"author": …, "count": 2, "firstId": …}`.
/// - `no books exist`: empties the shelf. Answers `{}`.
///
/// An empty state (what the verifier sends for interactions without one) sets up nothing.
/// `teardown` empties the shelf whatever the state. Unknown states and actions get 400 with the known ones.
extension BookshelfAPI {
    /// The states this provider can set up, as shown in errors.
    static let knownStates = [
        "a book with id {id} exists", "a book exists", "books by {author} exist", "no books exist",
    ]

    private struct StateChange: Decodable {
        var state: String
        var params: [String: StateValue]?
        var action: String?
    }

    func changeProviderState(_ request: ProviderRequest) -> ProviderResponse {
        let change: StateChange
        if request.body.isEmpty {
            guard let state = request.query["state"]?.first else {
                return .error(400, "A provider-state change needs a 'state' (JSON body or query parameter)")
            }
            var params: [String: StateValue] = [:]
            for (name, values) in request.query where !["state", "action"].contains(name) {
                params[name] = values.count == 1 ? .string(values[0]) : .array(values.map(StateValue.string))
            }
            change = StateChange(state: state, params: params, action: request.query["action"]?.first)
        } else {
            do {
                change = try JSONDecoder().decode(StateChange.self, from: Data(request.body))
            } catch {
                return .error(
                    400,
                    "A provider-state change must be JSON {\"state\": …, \"params\": {…}, \"action\": …}: \(error)"
                )
            }
        }
        switch change.action ?? "setup" {
        case "setup":
            return setUp(state: change.state, params: change.params ?? [:])
        case "teardown":
            store.removeAll()
            return .json(200, [String: String]())
        case let other:
            return .error(400, "Unknown provider-state action '\(other)'; use 'setup' or 'teardown'")
        }
    }

    private func setUp(state: String, params: [String: StateValue]) -> ProviderResponse {
        let words = state.trimmingCharacters(in: .whitespaces)
        if words.isEmpty {
            // The verifier sends an empty state for interactions that have none: nothing to set up.
            return .json(200, [String: String]())
        }
        if words == "no books exist" {
            store.removeAll()
            return .json(200, [String: String]())
        }
        if words == "a book exists" || (words.hasPrefix("a book with id ") && words.hasSuffix(" exists")) {
            let idText = words.dropFirst("a book with id ".count).dropLast(" exists".count)
            let id = params["id"]?.intValue ?? Int(idText) ?? store.nextID()
            let book = Self.sampleBook(id: id, params: params)
            store.put(book)
            return .json(200, book)
        }
        if words.hasPrefix("books by ") && words.hasSuffix(" exist") {
            let author =
                params["author"]?.stringValue ?? String(words.dropFirst("books by ".count).dropLast(" exist".count))
            let first = store.nextID()
            for (offset, sample) in Self.sampleTitles.enumerated() {
                store.put(
                    Book(
                        id: first + offset,
                        title: sample.title,
                        author: author,
                        isbn: sample.isbn,
                        published: sample.published,
                        tags: ["fantasy"],
                        price: 8.5
                    )
                )
            }
            return .json(200, StateAnswer(author: author, count: Self.sampleTitles.count, firstId: first))
        }
        return .error(
            400,
            "Unknown provider state '\(state)'; this provider knows: \(Self.knownStates.joined(separator: "; "))"
        )
    }

    private struct StateAnswer: Encodable {
        var author: String
        var count: Int
        var firstId: Int
    }

    private static let sampleTitles: [(title: String, isbn: String, published: String)] = [
        ("A Wizard of Earthsea", "978-0-547-77374-2", "1968-09-01"),
        ("The Dispossessed", "978-0-06-051275-3", "1974-05-01"),
    ]

    /// The book a state sets up: The Left Hand of Darkness, with any field overridden by `params`.
    private static func sampleBook(id: Int, params: [String: StateValue]) -> Book {
        Book(
            id: id,
            title: params["title"]?.stringValue ?? "The Left Hand of Darkness",
            author: params["author"]?.stringValue ?? "Ursula K. Le Guin",
            isbn: params["isbn"]?.stringValue ?? "978-0-441-47812-5",
            published: params["published"]?.stringValue ?? "1969-03-01",
            tags: params["tags"]?.stringArray ?? ["science fiction", "classic"],
            price: params["price"]?.doubleValue ?? 9.99
        )
    }
}
