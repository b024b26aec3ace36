import ArgumentParser
import Foundation
import Logging
import PactumBroker

/// The `--database-url` of the commands that work on the broker's database directly (serve, clean, token).
enum BrokerDatabaseOption {
    /// The database a command works on: `--database-url`, or `.pactum/broker.sqlite` in the current folder.
    static func location(_ databaseURL: String?) throws -> DatabaseLocation {
        guard let databaseURL else { return .defaultLocation(in: FileManager.default.currentDirectoryPath) }
        do {
            return try DatabaseLocation(parsing: databaseURL)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Opens it (applying migrations), with a message naming the database when that fails.
    static func open(
        _ location: DatabaseLocation,
        seedingDefaultEnvironments: Bool = false,
        logger: Logger
    ) async throws -> BrokerDatabase {
        do {
            return try await BrokerDatabase.open(
                location,
                seedingDefaultEnvironments: seedingDefaultEnvironments,
                logger: logger
            )
        } catch {
            throw Failure(message: "Could not open the broker database \(location): \(error)")
        }
    }

    /// Opens a database that must already exist (`token`, `clean`): a SQLite file that is not there is refused
    /// instead of created, since these commands run in the wrong folder (or with a mistyped path) would otherwise
    /// work on a new, empty database and report that it has no tokens or nothing to clean.
    static func openExisting(
        _ location: DatabaseLocation,
        command: String,
        logger: Logger
    ) async throws
        -> BrokerDatabase
    {
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            throw Failure(
                message: "No broker database at \(path). `pactum broker \(command)` works on the database of an "
                    + "existing broker: give its --database-url (the default is .pactum/broker.sqlite in the current "
                    + "folder), or create one with `pactum broker serve` or `pactum broker migrate`."
            )
        }
        return try await open(location, logger: logger)
    }

    /// A database command that failed.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// `--no-default-environments` of the commands that may create the broker's database (serve, migrate).
struct DefaultEnvironmentsOption: ParsableArguments {
    @Flag(
        name: .customLong("no-default-environments"),
        help: "Create a new database without the environments test and production (PactFlow's defaults)."
    )
    var noDefaultEnvironments = false

    /// Whether a database created now starts with `test` and `production`.
    var seeds: Bool { !noDefaultEnvironments }
}
