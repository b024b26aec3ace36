import Foundation
import NIOConcurrencyHelpers
import PactumBrokerClient
import PactumCore
import Testing

/// The requests the client sends, checked against a recording server: the same sequences as the official tools
/// (reference section 5.2), and retries on 5xx/429.
@Suite("BrokerClient requests")
struct BrokerClientRequestTests {
    static func client(_ server: RecordingServer, retries: Int = 0) -> BrokerClient {
        BrokerClient(
            configuration: .init(
                baseURL: server.baseURL,
                authentication: .bearer(token: "TOK"),
                retries: retries,
                retryDelay: .milliseconds(1),
                timeout: .seconds(10)
            )
        )
    }

    static func index(_ base: String) -> String {
        """
        {"_links":{"self":{"href":"\(base)/"},
        "pb:provider-pacts-for-verification":{"href":"\(base)/pacts/provider/{provider}/for-verification","templated":true},
        "pb:latest-provider-pacts":{"href":"\(base)/pacts/provider/{provider}/latest","templated":true},
        "pb:publish-contracts":{"href":"\(base)/contracts/publish"},
        "pb:pacticipant":{"href":"\(base)/pacticipants/{pacticipant}","templated":true}}}
        """
    }

    @Test("pacts for verification: GET /, GET for-verification, POST to its self link; pending, WIP and notices read")
    func pactsForVerification() async throws {
        let handler: RecordingServer.Handler = { request, base in
            switch request.line {
            case "GET /": return .json(Self.index(base))
            case "GET /pacts/provider/Book%20Shelf/for-verification":
                return .json(#"{"_links":{"self":{"href":"\#(base)/pacts/provider/Book%20Shelf/for-verification"}}}"#)
            case "POST /pacts/provider/Book%20Shelf/for-verification":
                return .json(
                    #"""
                    {"_embedded":{"pacts":[
                      {"shortDescription":"latest from main branch","verificationProperties":{"pending":true,
                       "notices":[{"when":"before_verification","text":"being verified"},
                                  {"when":"after_verification:success_true_published_true","text":"thanks"}]},
                       "_links":{"self":{"href":"\#(base)/pacts/provider/Book%20Shelf/consumer/App/pact-version/abc/metadata/Zm9v","name":"Pact between App (1) and Book Shelf"}}},
                      {"shortDescription":"wip","verificationProperties":{"pending":true,"wip":true,"notices":[]},
                       "_links":{"self":{"href":"/pacts/provider/Book%20Shelf/consumer/Other/pact-version/def"}}}]},
                     "_links":{"self":{"href":"\#(base)/pacts/provider/Book%20Shelf/for-verification"}}}
                    """#
                )
            default: return .json(404, #"{"error":"nope"}"#)
            }
        }
        try await RecordingServer.with(handler) { server in
            let pacts = try await Self.client(server).pactsForVerification(
                provider: "Book Shelf",
                request: .init(
                    consumerVersionSelectors: [.mainBranch, .deployedOrReleased],
                    consumerVersionTags: ["prod"],
                    providerVersionBranch: "main",
                    providerVersionTags: ["dev"],
                    includePendingStatus: true,
                    includeWipPactsSince: "2024-01-01"
                )
            )
            #expect(
                server.requests.map(\.line) == [
                    "GET /", "GET /pacts/provider/Book%20Shelf/for-verification",
                    "POST /pacts/provider/Book%20Shelf/for-verification",
                ]
            )
            #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer TOK" })
            let body = try JSONParser.parse(server.requests[2].body)
            #expect(
                body == [
                    "consumerVersionSelectors": [
                        ["mainBranch": true], ["deployedOrReleased": true], ["tag": "prod", "latest": true],
                    ],
                    "providerVersionBranch": "main", "providerVersionTags": ["dev"], "includePendingStatus": true,
                    "includeWipPactsSince": "2024-01-01",
                ]
            )
            #expect(server.requests[2].header("Content-Type") == "application/json")
            #expect(pacts.count == 2)
            #expect(
                pacts[0].url
                    == "\(server.baseURL)/pacts/provider/Book%20Shelf/consumer/App/pact-version/abc/metadata/Zm9v"
            )
            #expect(pacts[0].shortDescription == "latest from main branch")
            #expect(pacts[0].pending && !pacts[0].wip)
            #expect(pacts[0].notices(when: "before_verification").map(\.text) == ["being verified"])
            #expect(
                pacts[0].notices(when: VerifiablePact.afterVerification(success: true, published: true)).map(\.text)
                    == ["thanks"]
            )
            #expect(pacts[1].wip && pacts[1].pending)
            #expect(pacts[1].url == "\(server.baseURL)/pacts/provider/Book%20Shelf/consumer/Other/pact-version/def")
        }
    }

    @Test("no selectors or tags: the latest pact of each consumer, from the deprecated 'pacts' links too")
    func latestPacts() async throws {
        let handler: RecordingServer.Handler = { request, base in
            switch request.line {
            case "GET /": return .json(Self.index(base))
            case "GET /pacts/provider/Bar/latest":
                return .json(
                    #"{"_links":{"pacts":[{"href":"\#(base)/pacts/provider/Bar/consumer/Foo/version/1","title":"Pact between Foo (1) and Bar","name":"Foo"}]}}"#
                )
            default: return .json(404, #"{"error":"nope"}"#)
            }
        }
        try await RecordingServer.with(handler) { server in
            let pacts = try await Self.client(server).pactsForVerification(provider: "Bar")
            #expect(server.requests.map(\.line) == ["GET /", "GET /pacts/provider/Bar/latest"])
            #expect(pacts.map(\.url) == ["\(server.baseURL)/pacts/provider/Bar/consumer/Foo/version/1"])
            #expect(pacts.map(\.shortDescription) == ["Pact between Foo (1) and Bar"])
            let none = try await Self.client(server).pactsForVerification(provider: "Unknown")
            #expect(none.isEmpty)
        }
    }

    @Test("publishing a result: the provider branch and tags through pb:provider, then the POST with its body")
    func publishVerificationResult() async throws {
        let handler: RecordingServer.Handler = { request, base in
            switch request.line {
            case "GET /pacts/provider/Bar/consumer/Foo/pact-version/abc":
                return .json(
                    #"""
                    {"consumer":{"name":"Foo"},"provider":{"name":"Bar"},"interactions":[],
                     "_links":{"pb:publish-verification-results":{"href":"\#(base)/pacts/provider/Bar/consumer/Foo/pact-version/abc/verification-results"},
                               "pb:provider":{"href":"\#(base)/pacticipants/Bar","name":"Bar"}}}
                    """#
                )
            case "GET /pacticipants/Bar":
                return .json(
                    #"""
                    {"name":"Bar","_links":{"pb:branch-version":{"href":"\#(base)/pacticipants/Bar/branches/{branch}/versions/{version}","templated":true},
                     "pb:version-tag":{"href":"\#(base)/pacticipants/Bar/versions/{version}/tags/{tag}","templated":true}}}
                    """#
                )
            case let line where line.hasPrefix("PUT "): return .json(201, "{}")
            case "POST /pacts/provider/Bar/consumer/Foo/pact-version/abc/verification-results":
                return .json(201, #"{"success":false}"#)
            default: return .json(404, #"{"error":"nope"}"#)
            }
        }
        try await RecordingServer.with(handler) { server in
            let client = Self.client(server)
            let pact = try await client.fetchPact(url: "/pacts/provider/Bar/consumer/Foo/pact-version/abc")
            #expect(pact.consumerName == "Foo" && pact.providerName == "Bar")
            #expect(pact.text.contains(#""interactions":[]"#))
            try await client.publishVerificationResult(
                .init(
                    providerVersion: "2.0.0",
                    providerBranch: "feat/x",
                    providerTags: ["dev"],
                    success: false,
                    buildURL: "https://ci/1",
                    testResults: [
                        .init(interactionId: "i1", success: true),
                        .init(
                            interactionId: "i2",
                            interactionDescription: "a request",
                            success: false,
                            mismatches: [.init(attribute: "body", identifier: "$.id", description: "expected 1")]
                        ),
                    ]
                ),
                pact: pact
            )
            #expect(
                server.requests.map(\.line) == [
                    "GET /pacts/provider/Bar/consumer/Foo/pact-version/abc", "GET /pacticipants/Bar",
                    "PUT /pacticipants/Bar/branches/feat%2Fx/versions/2.0.0",
                    "PUT /pacticipants/Bar/versions/2.0.0/tags/dev",
                    "POST /pacts/provider/Bar/consumer/Foo/pact-version/abc/verification-results",
                ]
            )
            let body = try JSONParser.parse(server.requests[4].body)
            #expect(
                body == [
                    "providerApplicationVersion": "2.0.0", "success": false, "buildUrl": "https://ci/1",
                    "testResults": [
                        ["interactionId": "i1", "success": true],
                        [
                            "interactionId": "i2", "interactionDescription": "a request", "success": false,
                            "mismatches": [["attribute": "body", "identifier": "$.id", "description": "expected 1"]],
                        ],
                    ],
                    "verifiedBy": ["implementation": "Pactum", "version": .string(BrokerClient.implementationVersion)],
                ]
            )
        }
    }

    @Test("5xx and 429 are retried (Retry-After honoured), then the answer is used")
    func retries() async throws {
        let counter = Counter()
        let handler: RecordingServer.Handler = { request, base in
            switch counter.next() {
            case 0: return .json(503, #"{"error":"busy"}"#)
            case 1: return .json(429, #"{"error":"slow down"}"#, headers: [("Retry-After", "0")])
            default: return .json(Self.index(base))
            }
        }
        try await RecordingServer.with(handler) { server in
            let index = try await Self.client(server, retries: 3).index()
            #expect(server.requests.count == 3)
            #expect(HAL.href("pb:publish-contracts", in: index) == "\(server.baseURL)/contracts/publish")
        }
    }

    @Test("errors name the request, the status and the broker's errors, after the retries are spent")
    func errors() async throws {
        let handler: RecordingServer.Handler = { request, _ in
            switch request.line {
            case "GET /": return .json(500, #"{"error":{"message":"An error has occurred","reference":"r1"}}"#)
            default:
                return .json(
                    400,
                    #"{"errors":{"contracts":["consumerName must match"]},"notices":[{"type":"error","text":"fix it"}]}"#
                )
            }
        }
        try await RecordingServer.with(handler) { server in
            let client = Self.client(server, retries: 2)
            let failure = await #expect(throws: BrokerClientError.self) { try await client.index() }
            #expect(server.requests.count == 3)
            #expect(failure?.status == 500)
            #expect(
                failure?.description
                    == "The Pact broker answered GET \(server.baseURL)/ with 500: An error has occurred."
            )
            let refused = await #expect(throws: BrokerClientError.self) {
                try await client.post("/contracts/publish", body: [:])
            }
            #expect(server.requests.count == 4)
            #expect(refused?.errors == ["contracts: consumerName must match"])
            #expect(refused?.notices == ["fix it"])
            #expect(
                refused?.description
                    == "The Pact broker answered POST \(server.baseURL)/contracts/publish with 400: contracts: consumerName must match; fix it."
            )
        }
    }

    @Test("a 2xx answer that is not JSON is refused; custom headers and basic authentication are sent")
    func notJSON() async throws {
        let handler: RecordingServer.Handler = { _, _ in
            RecordingServer.Reply(status: 200, headers: [("Content-Type", "text/html")], body: "<html>login</html>")
        }
        try await RecordingServer.with(handler) { server in
            let client = BrokerClient(
                configuration: .init(
                    baseURL: server.baseURL + "/",
                    authentication: .basic(username: "u", password: "p"),
                    retries: 0,
                    headers: [(name: "X-Team", value: "blue")]
                )
            )
            let failure = await #expect(throws: BrokerClientError.self) { try await client.index() }
            #expect(failure?.code == .invalidBody)
            #expect(
                failure?.description
                    == "The Pact broker answered GET \(server.baseURL)/ with 200 but its body is not JSON (<html>login</html>). Check that the base URL points at a Pact broker's API."
            )
            #expect(server.requests.first?.header("X-Team") == "blue")
            #expect(server.requests.first?.header("Authorization") == "Basic dTpw")
            #expect(server.requests.first?.header("Accept") == "application/hal+json, application/json")
        }
    }

    @Test("a broker that is not running: a connection error naming the URL and what to check")
    func connectionRefused() async throws {
        let handler: RecordingServer.Handler = { _, _ in .json("{}") }
        let port = try await RecordingServer.with(handler) { $0.port }
        let client = BrokerClient(
            configuration: .init(baseURL: "http://127.0.0.1:\(port)", retries: 1, retryDelay: .milliseconds(1))
        )
        let failure = await #expect(throws: BrokerClientError.self) { try await client.index() }
        #expect(failure?.code == .connection)
        #expect(
            failure?.description.hasPrefix("Could not reach the Pact broker: GET http://127.0.0.1:\(port)/ failed: ")
                == true
        )
        #expect(
            failure?.description.hasSuffix(
                "Check that the broker is running at http://127.0.0.1:\(port) and that the base URL (--broker-base-url or PACT_BROKER_BASE_URL) is right."
            ) == true
        )
    }

    @Test("matrix query strings are the official client's (brackets encoded), values encoded once")
    func matrixQueries() {
        let foo = MatrixQuery.Selector(pacticipant: "Foo", version: "1")
        #expect(
            MatrixQuery(selectors: [foo], destination: .environment("test")).queryString.removingPercentEncoding
                == "q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&environment=test"
        )
        #expect(
            MatrixQuery(selectors: [foo, .init(pacticipant: "Bar", latest: true, tag: "prod")]).queryString
                .removingPercentEncoding
                == "q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv"
        )
        #expect(
            MatrixQuery(selectors: [foo], destination: .tag("prod"), ignore: [.init(pacticipant: "Baz")]).queryString
                .removingPercentEncoding
                == "q[][pacticipant]=Foo&q[][version]=1&ignore[][pacticipant]=Baz&tag=prod&latestby=cvp&latest=true"
        )
        #expect(
            MatrixQuery(selectors: [foo], destination: .mainBranch).queryString.removingPercentEncoding
                == "q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&mainBranch=true"
        )
        #expect(
            MatrixQuery(selectors: [.init(pacticipant: "Foo Bar", version: "1+a b")], destination: .environment("prod"))
                .queryString
                == "q%5B%5D%5Bpacticipant%5D=Foo%20Bar&q%5B%5D%5Bversion%5D=1%2Ba%20b&latestby=cvpv&environment=prod"
        )
    }

    @Test("can-i-deploy asks again while the answer is unknown, up to the number of retries")
    func retryWhileUnknown() async throws {
        let counter = Counter()
        let handler: RecordingServer.Handler = { _, _ in
            counter.next() < 2
                ? .json(#"{"summary":{"deployable":null,"reason":"no verified pact"},"matrix":[]}"#)
                : .json(#"{"summary":{"deployable":true,"reason":"All good"},"matrix":[]}"#)
        }
        try await RecordingServer.with(handler) { server in
            let query = PactumBrokerClient.MatrixQuery(selectors: [.init(pacticipant: "Foo", version: "1")])
            let gaveUp = try await Self.client(server).canIDeploy(query, retryWhileUnknown: 1, retryInterval: .zero)
            #expect(gaveUp.deployable == nil)
            #expect(gaveUp.reason == "no verified pact")
            #expect(server.requests.count == 2)
            let answered = try await Self.client(server).canIDeploy(query, retryWhileUnknown: 5, retryInterval: .zero)
            #expect(answered.deployable == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test("publications: one per consumer and provider, files of the same pair merged, content base64, onConflict")
    func publications() throws {
        let first = try ContractPublication.Contract(
            pactText: #"{"consumer":{"name":"A"},"provider":{"name":"P"},"interactions":[{"description":"one"}]}"#,
            merge: true
        )
        let second = try ContractPublication.Contract(
            pactText:
                #"{"consumer":{"name":"A"},"provider":{"name":"P"},"interactions":[{"description":"two"},{"description":"one"}]}"#,
            merge: true
        )
        let other = try ContractPublication.Contract(
            pactText: #"{"consumer":{"name":"A"},"provider":{"name":"Q"},"interactions":[]}"#
        )
        let publications = ContractPublication.grouped([first, second, other], version: "1", tags: ["t"])
        #expect(publications.map { $0.contracts.map(\.providerName) } == [["P"], ["Q"]])
        let merged = try JSONParser.parse(publications[0].contracts[0].content)
        #expect(merged["interactions"]?.arrayValue?.compactMap { $0["description"]?.stringValue } == ["one", "two"])
        let body = publications[1].body
        #expect(body["pacticipantName"] == "A" && body["pacticipantVersionNumber"] == "1" && body["tags"] == ["t"])
        let contract = try #require(body["contracts"]?.arrayValue?.first)
        #expect(contract["onConflict"] == "overwrite" && contract["specification"] == "pact")
        #expect(contract["contentType"] == "application/json")
        let decoded = Data(base64Encoded: contract["content"]?.stringValue ?? "").map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(decoded == other.content)
        #expect(publications[0].body["contracts"]?.arrayValue?.first?["onConflict"] == "merge")

        let notAPact = #expect(throws: ContractPublicationError.self) {
            try ContractPublication.Contract(pactText: #"{"interactions":[]}"#, file: "x.json")
        }
        #expect(notAPact?.description == "x.json has no consumer.name or provider.name; is it a pact file?")
    }

    @Test("HAL templates are expanded with percent-encoded values; unknown placeholders are kept")
    func templates() {
        #expect(
            HAL.expand("/pacticipants/{pacticipant}/versions/{version}", ["pacticipant": "Foo Bar", "version": "1/2"])
                == "/pacticipants/Foo%20Bar/versions/1%2F2"
        )
        #expect(HAL.expand("/x/{a}/{b}", ["a": "é"]) == "/x/%C3%A9/{b}")
    }
}

/// A thread-safe counter for scripted replies.
final class Counter: Sendable {
    private let value = NIOLockedValueBox(0)
    func next() -> Int {
        value.withLockedValue { value in
            defer { value += 1 }
            return value
        }
    }
}
