import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// Bad requests get a 4xx with a message saying what was wrong, never a 500: duplicates, malformed JSON, wrong
/// content types, oversized bodies, absurd query parameters.
@Suite struct BadRequestAPITests {
    struct BadRequest: Sendable, CustomStringConvertible {
        var method: String
        var target: String
        var body: String?
        var contentType: String?
        var status: Int
        var message: String

        var description: String { "\(method) \(target.prefix(80))" }
    }

    static let bodyLimit = 4_096

    static let cases: [BadRequest] = [
        BadRequest(
            method: "POST",
            target: "/pacticipants",
            body: #"{"name": "Existing"}"#,
            status: 409,
            message: "A pacticipant with name 'Existing' already exists"
        ),
        BadRequest(
            method: "POST",
            target: "/environments",
            body: #"{"name": "production", "production": true}"#,
            status: 409,
            message: "name: Another environment with name 'production' already exists."
        ),
        BadRequest(
            method: "POST",
            target: "/pacticipants",
            body: #"{"name": "#,
            status: 400,
            message: "The request body is not valid JSON"
        ),
        BadRequest(
            method: "POST",
            target: "/pacticipants",
            body: "[1, 2]",
            status: 400,
            message: "The request body must be a JSON object, not array"
        ),
        BadRequest(method: "POST", target: "/pacticipants", body: "{}", status: 400, message: "name: is missing"),
        BadRequest(
            method: "POST",
            target: "/pacticipants",
            body: "name=x",
            contentType: "application/x-www-form-urlencoded",
            status: 415,
            message: "Unsupported Content-Type 'application/x-www-form-urlencoded': send application/json"
        ),
        BadRequest(
            method: "PUT",
            target: "/environments/no-such-uuid",
            body: "<environment/>",
            contentType: "application/xml",
            status: 415,
            message: "Unsupported Content-Type 'application/xml'"
        ),
        BadRequest(
            method: "POST",
            target: "/pacticipants",
            body: #"{"name": "Big", "displayName": "\#(String(repeating: "x", count: 5_000))"}"#,
            status: 413,
            message: "The request body is larger than the limit of 4096 bytes"
        ),
        BadRequest(
            method: "POST",
            target: "/contracts/publish",
            body: "{}",
            status: 400,
            message: "pacticipantName: is missing"
        ),
        BadRequest(
            method: "PUT",
            target: "/pacts/provider/P/consumer/C/version/1",
            body: #"{"consumer": {"name": "Other"}, "provider": {"name": "P"}, "interactions": []}"#,
            status: 400,
            message: "consumer name in the pact ('Other') does not match the URL ('C')"
        ),
        BadRequest(
            method: "GET",
            target: "/matrix",
            status: 400,
            message: "Please provide 1 or more version selectors"
        ),
        BadRequest(
            method: "GET",
            target: "/matrix?q[][pacticipant]=Existing&q[][version]=1&latestby=sideways",
            status: 400,
            message: "latestby must be one of cvp, cvpv or cp, not 'sideways'."
        ),
        BadRequest(
            method: "GET",
            target: "/matrix?q[][pacticipant]=Existing&limit=-5",
            status: 400,
            message: "The limit must be a whole number of 1 or more, not '-5'."
        ),
        BadRequest(
            method: "GET",
            target: "/matrix?q[][pacticipant]=Existing&limit=99999999999999999999999",
            status: 400,
            message: "The limit must be a whole number of 1 or more, not '99999999999999999999999'."
        ),
        BadRequest(
            method: "GET",
            target: "/can-i-deploy?pacticipant=Existing",
            status: 400,
            message: "version: is missing"
        ),
        BadRequest(
            method: "GET",
            target: "/pacticipants?" + String(repeating: "a[b]", count: 1) + String(repeating: "[c]", count: 40) + "=1",
            status: 400,
            message: "is nested 41 levels deep; the limit is 32"
        ),
        BadRequest(
            method: "GET",
            target: "/matrix?" + Array(repeating: "q[][pacticipant]=A", count: 1_001).joined(separator: "&"),
            status: 400,
            message: "The query string has 1001 parameters; the limit is 1000"
        ),
        BadRequest(
            method: "DELETE",
            target: "/environments",
            status: 405,
            message: "Method DELETE is not allowed on /environments"
        ),
        BadRequest(method: "GET", target: "/no/such/thing", status: 404, message: "No resource at /no/such/thing"),
        BadRequest(
            method: "GET",
            target: "/pacts/provider/Existing/consumer/Nobody/version/1/diff/previous-distinct",
            status: 404,
            message: "No consumer with name 'Nobody' found"
        ),
        BadRequest(
            method: "POST",
            target: "/pacts/provider/Existing/for-verification",
            body: #"{"consumerVersionSelectors": "everything"}"#,
            status: 400,
            message: "consumerVersionSelectors"
        ),
    ]

    /// A broker with a small body limit on a fresh database of `engine`.
    static func withSmallLimitBroker(
        _ engine: BrokerTestEngine,
        _ body: (RunningBroker) async throws -> Void
    ) async throws {
        let schema = BrokerTestEngine.freshSchemaName()
        var configuration = try engine.configuration(schema: schema)
        configuration.maximumBodySize = bodyLimit
        let result: Result<Void, any Error>
        do {
            result = .success(try await withBroker(configuration, logger: BrokerTestEngine.logger, body))
        } catch {
            result = .failure(error)
        }
        if engine == .postgres { await BrokerTestEngine.dropSchema(schema) }
        try result.get()
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func badRequestsGetClearClientErrors(engine: BrokerTestEngine) async throws {
        #expect(Self.cases.count >= 15)
        try await Self.withSmallLimitBroker(engine) { broker in
            let client = BrokerHTTPTestClient(broker)
            #expect(try await client.send("POST", "/pacticipants", body: #"{"name": "Existing"}"#).status == 201)
            #expect(
                try await client.send("POST", "/environments", body: #"{"name": "production", "production": true}"#)
                    .status == 201
            )
            for bad in Self.cases {
                let answer = try await client.send(
                    bad.method,
                    bad.target,
                    body: bad.body,
                    headers: bad.contentType.map { [("Content-Type", $0)] } ?? []
                )
                #expect(answer.status == bad.status, "\(bad): \(answer.text)")
                #expect(answer.errorMessage.contains(bad.message), "\(bad): \(answer.errorMessage)")
                #expect(answer.contentType.contains("json"), "\(bad): \(answer.contentType)")
            }
        }
    }
}
