// The provider article's complete sample (PactumVerifier.docc/ProviderTests.md), run as written: a Hummingbird 2
// service verified in-process against contracts/TodoApp-TodoAPI.json, the contract the consumer's Getting Started
// sample writes (`DocumentationSampleTests` keeps the article equal to this file, and
// `TodoContractFileTests` keeps the contract equal to what the consumer sample writes).
import Hummingbird
import HummingbirdTesting
import PactumCore
import PactumVerifier
import Testing

// doc: // The service, as the app builds it.
struct TodoDocument: ResponseEncodable {
    var id: Int
    var title: String
    var done: Bool
    var due: String
    var tags: [String]
}

actor TodoStore {
    private var todos: [Int: TodoDocument] = [:]

    func insert(_ todo: TodoDocument) { todos[todo.id] = todo }
    func todo(id: Int) -> TodoDocument? { todos[id] }
    func removeAll() { todos = [:] }
}

func buildApplication(store: TodoStore) -> some ApplicationProtocol {
    let router = Router()
    router.get("todos/:id") { _, context -> TodoDocument in
        let id = try context.parameters.require("id", as: Int.self)
        guard let todo = await store.todo(id: id) else { throw HTTPError(.notFound) }
        return todo
    }
    return Application(router: router)
}

// doc: // The contract tests, in the test target.
@Suite struct TodoAPIContractTests {
    @Test(arguments: try ProviderVerifier.interactions(inFiles: ["contracts"], provider: "TodoAPI"))
    func honours(_ interaction: VerifiableInteraction) async throws {
        // A store and a server for each case: Swift Testing runs the cases in parallel.
        let store = TodoStore()
        try await buildApplication(store: store).test(.live) { client in
            let port = try #require(client.port, "the live test server has a port")
            let verifier = ProviderVerifier(
                configuration: .init(
                    providerName: "TodoAPI",
                    target: ProviderTarget(host: "localhost", port: port),
                    providerStates: .handlers([
                        "todo 1 exists": { change in
                            switch change.action {
                            case .setup:
                                let id = change.params["id"]?.intValue ?? 1
                                let due = "2024-05-01T10:00:00Z"
                                await store.insert(
                                    TodoDocument(id: id, title: "Buy milk", done: false, due: due, tags: ["home"])
                                )
                            case .teardown:
                                await store.removeAll()
                            }
                            return [:]
                        },
                        "no todos exist": { _ in
                            await store.removeAll()
                            return [:]
                        },
                    ])
                )
            )
            let result = try await verifier.verify(interaction)
            #expect(result.passed, Comment(rawValue: result.report))
        }
    }
}
