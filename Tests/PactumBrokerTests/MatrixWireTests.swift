import Foundation
import PactumBrokerClient
import PactumBrokerWire
import PactumCore
import Testing

@testable import PactumBroker

/// The client writes matrix queries and reads matrix documents with the same PactumBrokerWire types the broker reads
/// and writes: what one side sends, the other reads back unchanged.
@Suite struct MatrixWireTests {
    static let queries: [MatrixQuery] = [
        MatrixQuery(selectors: [.init(pacticipant: "Foo", version: "1")], destination: .environment("production")),
        MatrixQuery(selectors: [.init(pacticipant: "Foo", version: "1")]),
        MatrixQuery(
            selectors: [.init(pacticipant: "Foo", version: "1"), .init(pacticipant: "Bar", latest: true, tag: "prod")]
        ),
        MatrixQuery(
            selectors: [.init(pacticipant: "Foo Bar", version: "1+a b&c=d")],
            destination: .tag("prod"),
            ignore: [.init(pacticipant: "Baz"), .init(pacticipant: "Qux", version: "2;3")],
            limit: 7
        ),
        MatrixQuery(selectors: [.init(pacticipant: "Zürich", branch: "feat/x")], destination: .mainBranch),
        MatrixQuery(
            selectors: [.init(pacticipant: "Foo", mainBranch: true), .init(pacticipant: "Bar", environment: "test")],
            destination: nil,
            latestBy: .consumerAndProvider
        ),
    ]

    @Test("the broker reads every query the client writes as the same query", arguments: queries)
    func queryRoundTrip(query: MatrixQuery) throws {
        let read = try MatrixQuery(matrix: NestedQuery.parse(query.queryString))
        #expect(read == query, "\(query.queryString)")
    }

    @Test("the client reads the matrix document the broker writes, nulls and ignored rows included")
    func documentRoundTrip() throws {
        let version = MatrixDocument.Version(
            number: "1.0.0",
            branches: ["main"],
            environments: ["production"],
            tags: [.init(name: "prod", links: SelfLinks("http://b/pacticipants/Foo/versions/1.0.0/tags/prod"))],
            links: SelfLinks("http://b/pacticipants/Foo/versions/1.0.0")
        )
        let document = MatrixDocument(
            summary: .init(deployable: nil, reason: "missing", success: 0, failed: 0, unknown: 1, ignored: 1),
            notices: [.init(type: "warning", text: "missing")],
            matrix: [
                .init(
                    consumer: .init(name: "Foo", version: version),
                    provider: .init(name: "Bar", version: nil),
                    pact: .init(createdAt: "2026-12-04T10:00:00Z"),
                    verificationResult: nil,
                    ignored: true
                )
            ]
        )
        let json = try JSONValue(encoding: document)
        #expect(json["summary"]?["deployable"] == .null)
        #expect(json["matrix"]?.arrayValue?.first?["provider"]?["version"] == .null)
        #expect(json["matrix"]?.arrayValue?.first?["verificationResult"] == .null)
        #expect(json["matrix"]?.arrayValue?.first?["consumer"]?["version"]?["branch"] == "main")
        let result = try MatrixResult(document: json)
        #expect(result.matrix == document)
        #expect(result.rows.first?.ignored == true)
        #expect(result.deployable == nil)
    }

    @Test("a document that is not a matrix is refused, naming what is missing")
    func notAMatrix() {
        #expect(throws: DecodingError.self) { try MatrixResult(document: ["summary": ["reason": "x"]]) }
    }
}
