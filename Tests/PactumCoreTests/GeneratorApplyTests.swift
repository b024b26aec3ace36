import Foundation
import PactumCore
import Testing

@Suite("Generators applied to requests, responses and messages")
struct GeneratorApplyTests {
    static let now = Date(timeIntervalSince1970: 1_709_200_800)  // 2024-02-29T10:00:00Z

    func context(providerState: [String: JSONValue] = [:], mockServerURL: String? = nil) -> GeneratorContext {
        GeneratorContext(
            providerState: providerState,
            mockServerURL: mockServerURL,
            now: Self.now,
            timeZone: TimeZone(identifier: "UTC")!,
            random: SeededRandomNumberGenerator(seed: 42)
        )
    }

    @Test("body generators replace every node their path reaches, and nothing else")
    func bodyPaths() throws {
        var response = HTTPResponse(
            status: 200,
            body: .json(["id": 1, "items": [["id": 1, "name": "a"], ["id": 2, "name": "b"]], "name": "keep"])
        )
        response.generators.add(.randomInt(min: 100, max: 200), category: "body", path: "$.items[*].id")
        response.generators.add(.uuid(format: .simple), category: "body", path: "$.id")
        var ctx = context()
        let generated = response.applyingGenerators(mode: .consumer, context: &ctx)
        #expect(generated.problems.isEmpty)
        guard case .json(let json) = generated.value.body.content else {
            Issue.record("the body is no longer JSON")
            return
        }
        let items = try #require(json["items"]?.arrayValue)
        for item in items {
            let id = try #require(item["id"]?.intValue)
            #expect((100...200).contains(id))
        }
        #expect(items.map { $0["name"] } == ["a", "b"])
        #expect(json["name"] == "keep")
        let uuid = try #require(json["id"]?.stringValue)
        #expect(uuid.count == 32 && uuid.allSatisfy(\.isHexDigit))
    }

    @Test("the same seed generates the same response")
    func deterministicWithSeed() {
        var response = HTTPResponse(body: .json(["n": 0, "s": "x"]))
        response.generators.add(.randomInt(min: 0, max: 1_000_000), category: "body", path: "$.n")
        response.generators.add(.randomString(size: 12), category: "body", path: "$.s")
        var first = context()
        var second = context()
        #expect(
            response.applyingGenerators(mode: .consumer, context: &first).value
                == response.applyingGenerators(mode: .consumer, context: &second).value
        )
    }

    @Test("provider-state values feed request paths, headers, query and body in provider mode only")
    func providerStateInRequests() {
        var request = HTTPRequest(
            method: "GET",
            path: "/users/1",
            query: ["owner": ["1"]],
            headers: ["X-User": ["1"]],
            body: .json(["userId": 1])
        )
        request.generators.add(.providerState(expression: "/users/${id}"), category: "path", path: "")
        request.generators.add(.providerState(expression: "${id}"), category: "query", path: "owner")
        request.generators.add(.providerState(expression: "${id}"), category: "header", path: "X-User")
        request.generators.add(.providerState(expression: "${id}"), category: "body", path: "$.userId")
        var ctx = context(providerState: ["id": 77])
        let provider = request.applyingGenerators(mode: .provider, context: &ctx)
        #expect(provider.problems.isEmpty)
        #expect(provider.value.path == "/users/77")
        #expect(provider.value.query == ["owner": ["77"]])
        #expect(provider.value.headers == ["X-User": ["77"]])
        #expect(provider.value.body.content == .json(["userId": 77]))

        var consumerContext = context(providerState: ["id": 77])
        let consumer = request.applyingGenerators(mode: .consumer, context: &consumerContext)
        #expect(consumer.value == request, "the mock server must not apply provider-state generators")
    }

    @Test("a missing provider-state value keeps the example and reports the problem")
    func missingProviderStateValue() {
        var request = HTTPRequest(path: "/users/1")
        request.generators.add(.providerState(expression: "/users/${id}"), category: "path", path: "")
        var ctx = context(providerState: ["name": "x"])
        let generated = request.applyingGenerators(mode: .provider, context: &ctx)
        #expect(generated.value.path == "/users/1")
        #expect(generated.problems.count == 1)
        #expect(generated.problems.first?.description.contains("'id'") == true)
    }

    @Test("MockServerURL points links at the running mock server in consumer mode")
    func mockServerURL() {
        var response = HTTPResponse(body: .json(["self": "http://localhost:8080/orders/1"]))
        response.generators.add(
            .mockServerURL(example: "http://localhost:8080/orders/1", regex: ".*(/orders/\\d+)$"),
            category: "body",
            path: "$.self"
        )
        var ctx = context(mockServerURL: "http://127.0.0.1:5050")
        let generated = response.applyingGenerators(mode: .consumer, context: &ctx)
        #expect(generated.value.body.content == .json(["self": "http://127.0.0.1:5050/orders/1"]))
    }

    @Test("status and message metadata generators")
    func statusAndMetadata() {
        var response = HTTPResponse(status: 200)
        response.generators.add(.randomInt(min: 201, max: 201), category: "status", path: "")
        var ctx = context()
        #expect(response.applyingGenerators(mode: .consumer, context: &ctx).value.status == 201)

        var message = Message(contents: .json(["at": "2000-01-01"]), metadata: ["id": "x"])
        message.generators.add(.date(format: "yyyy-MM-dd", expression: "+ 1 day"), category: "body", path: "$.at")
        message.generators.add(.uuid(format: .upperCaseHyphenated), category: "metadata", path: "id")
        let generated = message.applyingGenerators(mode: .consumer, context: &ctx).value
        #expect(generated.contents.content == .json(["at": "2024-03-01"]))
        let id = generated.metadata["id"]?.stringValue ?? ""
        #expect(id.count == 36 && id == id.uppercased())
    }

    @Test("a whole plain-text body can be generated from a regex")
    func textBody() {
        var response = HTTPResponse(body: .text("ABC-1"))
        response.generators.add(.regex("[A-Z]{3}-\\d{4}"), category: "body", path: "$")
        var ctx = context()
        guard case .text(let text) = response.applyingGenerators(mode: .consumer, context: &ctx).value.body.content
        else {
            Issue.record("the body is no longer text")
            return
        }
        #expect(text.range(of: "^[A-Z]{3}-\\d{4}$", options: .regularExpression) != nil)
    }
}
