import Foundation
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// The broker API's bad-input catalogue (RELIABILITY.md): hostile names, invalid bytes and absurd sizes each get a
/// clear 4xx and leave the data as it was.
@Suite struct BrokerBadInputCatalogueTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var method: String
        var target: String
        var body: [UInt8]
        var contentType: String? = "application/json"
        var status: Int
        var message: String
        var testDescription: String { label }
    }

    static let injection = "x'); DROP TABLE pacticipants;--"

    static let cases: [Case] = [
        Case(
            label: "invalid UTF-8 in a JSON body",
            method: "POST",
            target: "/pacticipants",
            body: Array(#"{"name": ""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}"#.utf8),
            status: 400,
            message: "The request body is not valid JSON"
        ),
        Case(
            label: "JSON nested 100,000 deep",
            method: "POST",
            target: "/pacticipants",
            body: Array(String(repeating: "[", count: 100_000).utf8),
            status: 400,
            message: "The request body is not valid JSON"
        ),
        Case(
            label: "a JSON null body",
            method: "POST",
            target: "/environments",
            body: Array("null".utf8),
            status: 400,
            message: "The request body must be a JSON object, not null"
        ),
        Case(
            label: "a body over the 10 MB limit",
            method: "POST",
            target: "/contracts/publish",
            body: Array(repeating: UInt8(ascii: " "), count: 10 * 1024 * 1024 + 1),
            status: 413,
            message: "The request body is larger than the limit of 10485760 bytes"
        ),
        Case(
            label: "XML sent to a JSON resource",
            method: "PUT",
            target: "/pacticipants/Existing",
            body: Array("<pacticipant/>".utf8),
            contentType: "application/xml",
            status: 415,
            message: "Unsupported Content-Type 'application/xml': send application/json"
        ),
        Case(
            label: "a NUL character in a name",
            method: "POST",
            target: "/pacticipants",
            body: Array(#"{"name": "a\u0000b"}"#.utf8),
            status: 400,
            message: "The request body has a NUL character (U+0000) at $.name"
        ),
        Case(
            label: "a NUL character in a path segment",
            method: "GET",
            target: "/pacticipants/a%00b",
            body: [],
            status: 400,
            message: "The path /pacticipants/a%00b has a NUL character (%00)"
        ),
        Case(
            label: "SQL in a path segment",
            method: "GET",
            target: "/pacticipants/'%20OR%20'1'='1",
            body: [],
            status: 404,
            message: "No pacticipant with name '' OR '1'='1' found"
        ),
        Case(
            label: "path traversal in a name",
            method: "GET",
            target: "/pacts/provider/..%2F..%2Fetc%2Fpasswd/consumer/Existing/latest",
            body: [],
            status: 404,
            message: "No provider with name '../../etc/passwd' found"
        ),
        Case(
            label: "path traversal in the path",
            method: "GET",
            target: "/../../etc/passwd",
            body: [],
            status: 404,
            message: "No resource at"
        ),
        Case(
            label: "publish with content that is not base64",
            method: "POST",
            target: "/contracts/publish",
            body: Array(
                #"""
                {"pacticipantName": "Existing", "pacticipantVersionNumber": "9", "contracts": [{"consumerName":
                "Existing", "providerName": "P", "specification": "pact", "contentType": "application/json",
                "content": "%%% not base64 %%%"}]}
                """#.utf8
            ),
            status: 400,
            message: "base64"
        ),
        Case(
            label: "publish with base64 of something that is not a pact",
            method: "POST",
            target: "/contracts/publish",
            body: Array(
                #"""
                {"pacticipantName": "Existing", "pacticipantVersionNumber": "9", "contracts": [{"consumerName":
                "Existing", "providerName": "P", "specification": "pact", "contentType": "application/json",
                "content": "bm90IGpzb24="}]}
                """#.utf8
            ),
            status: 400,
            message: "JSON"
        ),
        Case(
            label: "a 70 KB query string",
            method: "GET",
            target: "/matrix?q[][pacticipant]=" + String(repeating: "A", count: 70_000),
            body: [],
            status: 400,
            message: "The query string is 70017 bytes long; the limit is 65536"
        ),
    ]

    @Test(arguments: BrokerTestEngine.allCases)
    func eachCaseIsRefusedClearlyAndLeavesNoDamage(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            #expect(try await client.send("POST", "/pacticipants", body: #"{"name": "Existing"}"#).status == 201)
            for item in Self.cases {
                var headers: [(String, String)] = []
                if let type = item.contentType, !item.body.isEmpty { headers.append(("Content-Type", type)) }
                let response = try await LoopbackHTTPClient.sendAsync(
                    method: item.method,
                    port: broker.port,
                    target: item.target,
                    headers: headers,
                    body: item.body,
                    timeout: 30
                )
                let text = String(decoding: response.body, as: UTF8.self)
                #expect(response.status == item.status, "\(item.label): \(response.status) \(text.prefix(300))")
                #expect(text.contains(item.message), "\(item.label): \(text.prefix(300))")
            }
            // A name full of SQL is just a name: stored, found again, and every table still there.
            let created = try await client.send(
                "POST",
                "/pacticipants",
                body: JSONWriter.compact(["name": .string(Self.injection)])
            )
            #expect(created.status == 201, "\(created.text)")
            let encoded = BrokerHTTPTestClient.pathSegment(Self.injection)
            #expect(try await client.getJSON("/pacticipants/\(encoded)")["name"]?.stringValue == Self.injection)
            let names = try await client.getJSON("/pacticipants")["_embedded"]?["pacticipants"]?.arrayValue?
                .compactMap { $0["name"]?.stringValue }
            #expect(names == ["Existing", Self.injection])
            #expect(try await client.send("GET", "/pacticipants/P").status == 404)
            #expect(try await client.getJSON("/pacticipants/Existing/versions")["_embedded"] != nil)
        }
    }
}

extension BrokerHTTPTestClient {
    /// A path segment with everything but unreserved characters percent-encoded.
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
