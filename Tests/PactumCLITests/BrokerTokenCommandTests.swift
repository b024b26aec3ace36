import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// `pactum broker token …` as processes, against the database of a `pactum broker serve` that runs meanwhile, with
/// auth configured through the Pact Broker's environment variables.
@Suite("pactum broker token, run as processes")
struct BrokerTokenCommandTests {
    static let password = "rw-Pr0cess-Secret-51c2"
    static let readOnlyPassword = "ro-Pr0cess-Secret-0d9e"

    /// `pactum broker serve` with basic auth users from the environment, on an SQLite file; its port.
    static func startBroker(database: String) async throws -> (StubProcess, port: Int) {
        // `env` sets the variables and then becomes `pactum` (signals reach it directly).
        let broker = try StubProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: [
                "PACT_BROKER_BASIC_AUTH_USERNAME=admin", "PACT_BROKER_BASIC_AUTH_PASSWORD=\(password)",
                "PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME=viewer",
                "PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD=\(readOnlyPassword)",
                try StubCommandTests.pactum().path, "broker", "serve", "--port", "0", "--database-url", database,
            ]
        )
        return (broker, try await broker.port(after: "Pactum broker listening on http://127.0.0.1:"))
    }

    static func basic(_ username: String, _ password: String) -> [(String, String)] {
        [("Authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())]
    }

    static func status(
        _ method: String,
        _ target: String,
        port: Int,
        headers: [(String, String)] = [],
        body: String = ""
    ) throws -> Int {
        var all = headers
        if !body.isEmpty { all.append(("Content-Type", "application/json")) }
        return try LoopbackHTTPClient.send(
            method: method,
            port: port,
            target: target,
            headers: all,
            body: Array(body.utf8)
        )
        .status
    }

    @Test("create, list and revoke tokens while the broker runs; the broker honours them at once")
    func tokensAgainstARunningBroker() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("token-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = "sqlite://" + folder.appendingPathComponent("broker.sqlite").path
        let (broker, port) = try await Self.startBroker(database: database)
        defer { broker.stop() }
        #expect(broker.stdout.contains("authentication basic auth (read/write and read-only users), bearer tokens"))
        #expect(!broker.stdout.contains(Self.password) && !broker.stdout.contains(Self.readOnlyPassword))

        let created = try await BrokerClientCommandTests.pactum(
            ["broker", "token", "create", "--name", "ci", "--role", "write", "--database-url", database]
        )
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("pactum_") && token.count == 84, "\(created.stdout)")
        #expect(created.stderr.contains("Created token 'ci' (id "))
        #expect(created.stderr.contains("role write). It is shown only now"))
        #expect(!created.stderr.contains(token))
        let id = String(token.dropFirst("pactum_".count).prefix(12))

        let listed = try await BrokerClientCommandTests.pactum(["broker", "token", "list", "--database-url", database])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.hasPrefix("ID            NAME  ROLE   CREATED\n\(id)  ci    write  "), "\(listed.stdout)")
        #expect(!listed.stdout.contains(token))
        let json = try await BrokerClientCommandTests.pactum([
            "broker", "token", "list", "-o", "json", "--database-url", database,
        ])
        let item = try json.json().arrayValue?.first
        #expect(item?["id"]?.stringValue == id)
        #expect(item?["role"] == "write")

        let bearer = [("Authorization", "Bearer \(token)")]
        #expect(try Self.status("POST", "/pacticipants", port: port, headers: bearer, body: #"{"name":"App"}"#) == 201)
        #expect(try Self.status("DELETE", "/pacticipants/App", port: port, headers: bearer) == 403)
        #expect(try Self.status("GET", "/pacticipants", port: port) == 401)
        #expect(
            try Self.status("GET", "/pacticipants", port: port, headers: Self.basic("viewer", Self.readOnlyPassword))
                == 200
        )
        #expect(
            try Self.status(
                "POST",
                "/pacticipants",
                port: port,
                headers: Self.basic("viewer", Self.readOnlyPassword),
                body: #"{"name":"B"}"#
            )
                == 403
        )
        #expect(
            try Self.status("DELETE", "/pacticipants/App", port: port, headers: Self.basic("admin", Self.password))
                == 204
        )

        // pactum's own client sends the token too.
        let contracts = folder.appendingPathComponent("contracts")
        try FileManager.default.createDirectory(at: contracts, withIntermediateDirectories: true)
        try Data(BrokerClientCommandTests.pact.utf8).write(to: contracts.appendingPathComponent("App-Bookshelf.json"))
        let url = "http://127.0.0.1:\(port)"
        let published = try await BrokerClientCommandTests.pactum(
            ["publish", contracts.path, "-a", "1.0.0", "-b", url, "--broker-token", token]
        )
        #expect(published.status == 0, "\(published.stdout)\(published.stderr)")
        let anonymous = try await BrokerClientCommandTests.pactum(["publish", contracts.path, "-a", "1.0.1", "-b", url])
        #expect(anonymous.status != 0)

        let revoked = try await BrokerClientCommandTests.pactum([
            "broker", "token", "revoke", id, "--database-url", database,
        ])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdout == "Revoked token 'ci' (id \(id), role write).\n")
        #expect(try Self.status("GET", "/pacticipants", port: port, headers: bearer) == 401)
        let empty = try await BrokerClientCommandTests.pactum(["broker", "token", "list", "--database-url", database])
        #expect(empty.stdout == "No API tokens.\n")
    }

    @Test("mistakes are explained: unknown token, taken name, unknown role, a user without a password")
    func errors() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("token-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broker.sqlite").path
        let database = "sqlite://" + path
        // Run against a database that does not exist (the wrong folder, a typo), a token command refuses instead of
        // creating an empty one and reporting no tokens.
        let missing = try await BrokerClientCommandTests.pactum(["broker", "token", "list", "--database-url", database])
        #expect(missing.status == 1, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("No broker database at \(path). `pactum broker token` works on the database"))
        #expect(!FileManager.default.fileExists(atPath: path))
        let missingClean = try await BrokerClientCommandTests.pactum(["broker", "clean", "--database-url", database])
        #expect(missingClean.status == 1)
        #expect(missingClean.stderr.contains("No broker database at \(path). `pactum broker clean` works"))
        // `pactum broker migrate` creates it (with the default environments) without serving it.
        let migrated = try await BrokerClientCommandTests.pactum(["broker", "migrate", "--database-url", database])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stderr.contains("is at the current schema"))
        #expect(FileManager.default.fileExists(atPath: path))

        let unknown = try await BrokerClientCommandTests.pactum([
            "broker", "token", "revoke", "ci", "--database-url", database,
        ])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("No token is named 'ci' or has that id; `pactum broker token list` shows them"))
        let first = try await BrokerClientCommandTests.pactum(
            ["broker", "token", "create", "--name", "ci", "--role", "admin", "--database-url", database]
        )
        #expect(first.status == 0)
        let again = try await BrokerClientCommandTests.pactum([
            "broker", "token", "create", "--name", "ci", "--database-url", database,
        ])
        #expect(again.status != 0)
        #expect(again.stderr.contains("A token named 'ci' exists already"))
        let role = try await BrokerClientCommandTests.pactum(
            ["broker", "token", "create", "--name", "x", "--role", "owner", "--database-url", database]
        )
        #expect(role.status != 0)
        #expect(role.stderr.contains("Unknown role 'owner': use read, write or admin"))
        let halfUser = try await BrokerClientCommandTests.pactum(
            ["broker", "serve", "--port", "0", "--database-url", database, "--basic-auth-username", "admin"]
        )
        #expect(halfUser.status != 0)
        #expect(
            halfUser.stderr.contains("The read/write basic auth username is set but its password is not"),
            "\(halfUser.stderr)"
        )
    }
}
