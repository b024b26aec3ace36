import ArgumentParser
import Foundation
import Logging
import PactumBroker
import PactumCore

/// `pactum broker token …`: API tokens, managed directly in the broker's database (safe while brokers run on it:
/// they read tokens on every request).
struct BrokerToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the broker's API tokens (bearer tokens with a read, write or admin role).",
        discussion: """
            Works on the database directly (--database-url, default .pactum/broker.sqlite, as `pactum broker serve`), \
            also while brokers run on it. Tokens are checked once authentication is on (`pactum broker serve` with a \
            basic auth user or --require-auth). Roles: read (fetch anything), write (also publish pacts and \
            verification results, versions, tags, branches, environments, deployments), admin (also delete and \
            manage webhooks).
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// The database option shared by the subcommands.
    struct DatabaseOptions: ParsableArguments {
        @Option(
            name: .customLong("database-url"),
            help:
                "sqlite:///path/broker.sqlite or postgres://user:password@host:5432/database (default: .pactum/broker.sqlite)."
        )
        var databaseURL: String?

        /// Opens the database (applying migrations), runs `body`, closes it.
        func withDatabase<Result: Sendable>(_ body: (BrokerDatabase) async throws -> Result) async throws -> Result {
            var logger = Logger(label: "pactum.broker.token")
            logger.logLevel = .warning
            let database = try await BrokerDatabaseOption.openExisting(
                BrokerDatabaseOption.location(databaseURL),
                command: "token",
                logger: logger
            )
            return try await database.closing(after: body)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token. The token is printed once on standard output; only its hash is stored.",
            discussion: "TOKEN=$(pactum broker token create --name ci --role write) keeps it in a variable."
        )

        @Option(help: "A unique name for the token (letters, digits, - _ . @ :).")
        var name: String

        @Option(help: "read, write or admin.")
        var role: String = "read"

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard BrokerRole(rawValue: role.lowercased()) != nil else {
                throw ValidationError("Unknown role '\(role)': use read, write or admin")
            }
        }

        func run() async throws {
            let role = BrokerRole(rawValue: role.lowercased()) ?? .read
            let created = try await database.withDatabase { database in
                try await database.createToken(name: name, role: role)
            }
            FileHandle.standardError.write(
                Data(
                    ("Created token '\(created.token.name)' (id \(created.token.id), role \(role)). "
                        + "It is shown only now: store it (e.g. as PACT_BROKER_TOKEN in your CI secrets).\n").utf8
                )
            )
            FileHandle.standardOutput.write(Data((created.secret + "\n").utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tokens: id, name, role and creation time (never the tokens themselves)."
        )

        @Option(name: [.customShort("o"), .customLong("output")], help: "text or json.")
        var output: String = "text"

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard ["text", "json"].contains(output) else {
                throw ValidationError("Unknown output '\(output)': use text or json")
            }
        }

        func run() async throws {
            let tokens = try await database.withDatabase { database in try await database.tokens() }
            FileHandle.standardOutput.write(Data(Self.render(tokens, json: output == "json").utf8))
        }

        static func render(_ tokens: [BrokerAuthToken], json: Bool) -> String {
            if json {
                let items: [JSONValue] = tokens.map { token in
                    [
                        "id": .string(token.id), "name": .string(token.name), "role": .string(token.role.rawValue),
                        "createdAt": .string(token.createdAt),
                    ]
                }
                return JSONWriter.compact(.array(items)) + "\n"
            }
            if tokens.isEmpty { return "No API tokens.\n" }
            let rows =
                [["ID", "NAME", "ROLE", "CREATED"]]
                + tokens.map { [$0.id, $0.name, $0.role.rawValue, $0.createdAt] }
            let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
            return rows.map { row in
                row.enumerated().map { index, cell in
                    index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke (delete) a token by name or id; brokers refuse it from the next request on."
        )

        @Argument(help: "The token's name or id (as `pactum broker token list` shows).")
        var token: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let revoked = try await database.withDatabase { database in try await database.revokeToken(token) }
            print("Revoked token '\(revoked.name)' (id \(revoked.id), role \(revoked.role)).")
        }
    }
}
