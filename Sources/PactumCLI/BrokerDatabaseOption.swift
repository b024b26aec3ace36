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
    static func open(_ location: DatabaseLocation, logger: Logger) async throws -> BrokerDatabase {
        do {
            return try await BrokerDatabase.open(location, logger: logger)
        } catch {
            throw Failure(message: "Could not open the broker database \(location): \(error)")
        }
    }

    /// A database command that failed.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
