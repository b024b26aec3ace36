import Foundation
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// API tokens: created with a role, stored hashed, listed without the secret, refused once revoked.
@Suite struct AuthTokenTests {
    @Test("create, list and revoke; a revoked token is refused at once", arguments: BrokerTestEngine.allCases)
    func lifecycle(engine: BrokerTestEngine) async throws {
        try await AuthTests.withAuthBroker(engine) { broker, database, tokens in
            let client = BrokerHTTPTestClient(broker)
            let created = try await database.createToken(name: "ci", role: .write)
            #expect(created.secret.hasPrefix("pactum_\(created.token.id)_"))
            let expectedLength: Int = 7 + 12 + 1 + 64
            #expect(created.secret.count == expectedLength)
            #expect(created.token.name == "ci" && created.token.role == .write)
            #expect(!"\(created)".contains(created.secret))

            // Only the hash is stored.
            let rows = try await database.transaction { db in try await BrokerStore(db: db).tokens() }
            let row = try #require(rows.first { $0.name == "ci" })
            #expect(row.tokenHash == BrokerAuthSecrets.tokenHash(created.secret))
            #expect(rows.allSatisfy { !"\($0)".contains(created.secret) && !"\($0)".contains(tokens.write) })

            let listed = try await database.tokens()
            #expect(listed.map(\.name) == ["reader", "writer", "administrator", "ci"])
            #expect(listed.first { $0.name == "ci" } == created.token)

            let publish = try await client.send(
                "POST",
                "/pacticipants",
                body: #"{"name":"App"}"#,
                headers: bearer(created)
            )
            #expect(publish.status == 201, "\(publish.text)")
            let delete = try await client.send("DELETE", "/pacticipants/App", headers: bearer(created))
            #expect(delete.status == 403)
            #expect(
                delete.errorMessage
                    == "Forbidden: DELETE /pacticipants/:p needs the admin role; these credentials have the write role"
            )

            // Revoked by id (as listed): the very next request is refused.
            let revoked = try await database.revokeToken(created.token.id)
            #expect(revoked == created.token)
            let refused = try await client.send("GET", "/pacticipants", headers: bearer(created))
            #expect(refused.status == 401)
            #expect(refused.errorMessage.contains("The bearer token is not valid: it is unknown or was revoked"))
            #expect(!refused.text.contains(created.secret))
            // The other tokens still work; revoking by name works too.
            #expect(try await client.send("GET", "/pacticipants", headers: AuthTests.bearer(tokens.read)).status == 200)
            try await database.revokeToken("reader")
            #expect(try await client.send("GET", "/pacticipants", headers: AuthTests.bearer(tokens.read)).status == 401)
            #expect(try await database.tokens().map(\.name) == ["writer", "administrator"])
        }
    }

    func bearer(_ created: BrokerAuthToken.Created) -> [(String, String)] { AuthTests.bearer(created.secret) }

    @Test("names are unique and checked; unknown tokens cannot be revoked", arguments: BrokerTestEngine.allCases)
    func errors(engine: BrokerTestEngine) async throws {
        try await AuthTests.withAuthBroker(engine) { _, database, _ in
            let duplicate = await #expect(throws: BrokerAuthTokenError.self) {
                try await database.createToken(name: "writer", role: .admin)
            }
            #expect(
                duplicate?.message
                    == "A token named 'writer' exists already: choose another name, or revoke it first "
                    + "(pactum broker token revoke writer)"
            )
            let badName = await #expect(throws: BrokerAuthTokenError.self) {
                try await database.createToken(name: "has space", role: .read)
            }
            #expect(badName?.message.hasPrefix("Invalid token name 'has space'") == true)
            let unknown = await #expect(throws: BrokerAuthTokenError.self) { try await database.revokeToken("nope") }
            #expect(
                unknown?.message
                    == "No token is named 'nope' or has that id; `pactum broker token list` shows them"
            )
        }
    }

    @Test("tokens of the wrong shape, with a known id but a wrong secret, or in another scheme are refused")
    func forgedTokens() async throws {
        try await AuthTests.withAuthBroker(.sqlite) { broker, database, tokens in
            let client = BrokerHTTPTestClient(broker)
            let id = try #require(BrokerAuthToken.id(inToken: tokens.admin))
            let forged = "pactum_\(id)_" + String(repeating: "0", count: 64)
            for headers in [
                AuthTests.bearer(forged), AuthTests.bearer("not-a-token"), AuthTests.bearer(tokens.admin + "0"),
                [("Authorization", "Token \(tokens.admin)")], [("Authorization", tokens.admin)],
                AuthTests.basic("x", tokens.admin),
            ] {
                let answer = try await client.send("GET", "/pacticipants", headers: headers)
                #expect(answer.status == 401, "\(headers[0].1.prefix(12))…")
                #expect(!answer.text.contains(tokens.admin))
            }
            #expect(try await database.tokens().count == 3)
            // The scheme is case-insensitive.
            let lower = try await client.send(
                "GET",
                "/pacticipants",
                headers: [("Authorization", "bearer \(tokens.read)")]
            )
            #expect(lower.status == 200)
        }
    }
}
