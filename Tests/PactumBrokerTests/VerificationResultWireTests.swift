import Foundation
import PactumBrokerClient
import PactumBrokerWire
import PactumCore
import Testing

/// Verification results travel as PactumBrokerWire documents: the client writes the publication the broker reads,
/// the broker writes the document the client reads; the verifier's own members (`testResults`, `verifiedBy`) pass
/// through as sent.
@Suite struct VerificationResultWireTests {
    static let testResults: JSONValue = [
        ["interactionId": "i1", "success": true],
        [
            "interactionId": "i2", "success": false, "duration": 1.5, "retries": 2,
            "mismatches": [["attribute": "body", "identifier": "$.id", "description": "expected 1"]],
            "extra": .null,
        ],
    ]

    @Test func thePublicationTheClientWritesIsWhatTheBrokerReads() throws {
        let publication = VerificationResultPublication(
            providerVersion: "2.0.0",
            success: false,
            buildURL: "https://ci/1",
            testResults: [
                .init(interactionId: "i1", success: true),
                .init(
                    interactionId: "i2",
                    success: false,
                    mismatches: [.init(attribute: "body", identifier: "$.id", description: "expected 1")]
                ),
            ]
        )
        let body = try publication.body
        #expect(body["providerApplicationVersion"] == "2.0.0")
        #expect(body["success"] == false)
        #expect(body["buildUrl"] == "https://ci/1")
        #expect(body["verifiedBy"]?["implementation"] == "Pactum")
        #expect(body["testResults"]?.arrayValue?.count == 2)
        #expect(try body.decode(VerificationResultDocument.Publication.self) == publication.publication)
    }

    @Test func theDocumentRoundTripsWithTheVerifiersOwnMembers() throws {
        let document = VerificationResultDocument(
            providerName: "Bar",
            providerApplicationVersion: "2.0.0",
            success: true,
            verificationDate: "2026-12-04T10:00:00+00:00",
            buildUrl: nil,
            testResults: Self.testResults,
            verifiedBy: ["implementation": "pact-ruby", "version": "1.66.0"],
            links: .init(
                selfLink: HALLink(
                    href: "http://b/pacts/provider/Bar/consumer/Foo/pact-version/abc/verification-results/7"
                ),
                pactVersion: HALLink(href: "http://b/pacts/provider/Bar/consumer/Foo/pact-version/abc", title: "Pact")
            )
        )
        let json = try JSONValue(encoding: document)
        #expect(json["buildUrl"] == nil, "a missing build URL is left out")
        #expect(json["_links"]?["self"]?["href"]?.stringValue?.hasSuffix("/verification-results/7") == true)
        #expect(json["_links"]?["pb:pact-version"]?["title"] == "Pact")
        #expect(json["testResults"] == Self.testResults)
        #expect(try json.decode(VerificationResultDocument.self) == document)
    }

    @Test func anotherBrokersAnswerIsReadLenientlyButSuccessIsRequired() throws {
        let minimal = try JSONParser.parse(#"{"success": true}"#).decode(VerificationResultDocument.self)
        #expect(minimal.success && minimal.links == nil && minimal.providerApplicationVersion.isEmpty)
        #expect(throws: DecodingError.self) {
            try JSONParser.parse(#"{"providerApplicationVersion": "1"}"#).decode(VerificationResultDocument.self)
        }
    }
}
