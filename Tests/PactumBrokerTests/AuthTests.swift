import Foundation
import Logging
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// Shared set-up of the auth suites: a broker with auth on, its database open beside it, and one token per role.
enum AuthTests {
    static let readWriteUser = BrokerBasicCredentials(username: "pact-rw", password: "rw-S3cret-7f1d2c")
    static let readOnlyUser = BrokerBasicCredentials(username: "pact-ro", password: "ro-S3cret-9a2c4e")

    static let configuration = BrokerAuthConfiguration(basicUser: readWriteUser, readOnlyUser: readOnlyUser)

    /// One token per role, created before the broker starts.
    struct Tokens: Sendable {
        var read: String
        var write: String
        var admin: String
    }

    static func bearer(_ token: String) -> [(String, String)] { [("Authorization", "Bearer \(token)")] }

    static func basic(_ user: BrokerBasicCredentials) -> [(String, String)] {
        basic(user.username, user.password)
    }

    static func basic(_ username: String, _ password: String) -> [(String, String)] {
        [("Authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())]
    }

    /// Runs `body` with a broker using `auth` on a fresh database (in-memory SQLite, or a new PostgreSQL schema
    /// dropped afterwards), the broker's own database handle (so the test changes tokens while the broker runs, as
    /// `pactum broker token` does, without a second SQLite connection in this process), and a token of each role.
    static func withAuthBroker<R: Sendable>(
        _ engine: BrokerTestEngine,
        auth: BrokerAuthConfiguration = configuration,
        logger: Logger = BrokerTestEngine.logger,
        _ body: (RunningBroker, BrokerDatabase, Tokens) async throws -> R
    ) async throws -> R {
        let schema = BrokerTestEngine.freshSchemaName()
        var configuration = try engine.configuration(schema: schema)
        configuration.authentication = auth
        let result: Result<R, any Error>
        do {
            let database = try await BrokerDatabase.open(
                configuration.database,
                searchPath: configuration.postgresSearchPath,
                logger: logger
            )
            let outcome: Result<R, any Error>
            do {
                let tokens = Tokens(
                    read: try await database.createToken(name: "reader", role: .read).secret,
                    write: try await database.createToken(name: "writer", role: .write).secret,
                    admin: try await database.createToken(name: "administrator", role: .admin).secret
                )
                outcome = .success(
                    try await serve(configuration, database: database, logger: logger) { broker in
                        try await body(broker, database, tokens)
                    }
                )
            } catch {
                outcome = .failure(error)
            }
            try? await database.shutdown()
            result = outcome
        } catch {
            result = .failure(error)
        }
        if engine == .postgres { await BrokerTestEngine.dropSchema(schema) }
        return try result.get()
    }

    /// Serves `database` for the duration of `body`; the server stops when its task is cancelled.
    static func serve<R: Sendable>(
        _ configuration: BrokerServer.Configuration,
        database: BrokerDatabase,
        logger: Logger,
        _ body: (RunningBroker) async throws -> R
    ) async throws -> R {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = BrokerServer(configuration: configuration, logger: logger) { port in continuation.yield(port) }
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await server.serve(database: database)
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.next()
                throw BrokerStartError(message: "the broker stopped before it started listening")
            }
            let result: Result<R, any Error>
            do {
                result = .success(try await body(RunningBroker(port: port)))
            } catch {
                result = .failure(error)
            }
            tasks.cancelAll()
            try? await tasks.waitForAll()
            return try result.get()
        }
    }

    /// A request path for a route: every `:parameter` becomes `x`.
    static func samplePath(_ route: BrokerRoute) -> String {
        "/" + route.path.split(separator: "/").map { $0.hasPrefix(":") ? "x" : String($0) }.joined(separator: "/")
    }
}
