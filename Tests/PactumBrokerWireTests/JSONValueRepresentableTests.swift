import Foundation
import PactumBrokerWire
import PactumCore
import Testing

/// The documents that build their JSON directly write what their `encode(to:)` writes, byte for byte.
@Suite struct JSONValueRepresentableTests {
    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let document: MatrixDocument = {
        let links = SelfLinks("http://broker/pacticipants/Web")
        let version = MatrixDocument.Version(
            number: "1.0.0",
            branches: ["feat/x", "main"],
            environments: ["production"],
            tags: [.init(name: "prod", links: SelfLinks("http://broker/t")), .init(name: "untracked")],
            links: SelfLinks(selfLink: HALLink(href: "http://broker/v/{n}", title: "T", name: "n", templated: true))
        )
        let bare = MatrixDocument.Version(number: "2")
        return MatrixDocument(
            summary: .init(
                deployable: nil,
                reason: "There is no verified pact between \"Web\" and API\n(a\ttab, a \u{1}control)",
                success: 1,
                failed: 2,
                unknown: 3,
                ignored: 4
            ),
            notices: [.init(type: "warning", text: "Ünïcödé and emoji 🚀 / slash")],
            matrix: [
                .init(
                    consumer: .init(name: "Web", version: version, links: links),
                    provider: .init(name: "API", version: nil, links: nil),
                    pact: .init(createdAt: "2024-05-01T10:00:00Z", links: links),
                    verificationResult: .init(success: false, verifiedAt: nil, links: links),
                    ignored: true
                ),
                .init(
                    consumer: .init(name: "Web", version: bare),
                    provider: .init(name: "API", version: bare),
                    pact: nil,
                    verificationResult: nil
                ),
                .init(
                    consumer: .init(name: "Web", version: bare),
                    provider: .init(name: "API", version: bare),
                    pact: .init(createdAt: nil),
                    verificationResult: .init(success: true, verifiedAt: "2024-05-02T10:00:00Z")
                ),
            ]
        )
    }()

    @Test func theMatrixWritesWhatItsEncoderWrites() throws {
        #expect(JSONWriter.compact(Self.document.jsonValue) == (try Self.encoded(Self.document)))
        let summaryOnly = MatrixDocument(
            summary: .init(deployable: true, reason: "ok", success: 0, failed: 0, unknown: 0),
            notices: [],
            matrix: []
        )
        #expect(JSONWriter.compact(summaryOnly.jsonValue) == (try Self.encoded(summaryOnly)))
    }

    @Test func theWrittenMatrixReadsBackAsTheSameDocument() throws {
        let text = JSONWriter.compact(Self.document.jsonValue)
        let decoded = try JSONDecoder().decode(MatrixDocument.self, from: Data(text.utf8))
        #expect(decoded == Self.document)
    }
}
