import Foundation
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit
import VaporCSQLite

/// The database could not do what a request needed, for a reason outside the request: it cannot be reached, it is
/// read-only, or it is full. The broker answers 503 (507 when full) with this message and a `Retry-After` header,
/// instead of a 500 or a hang.
public struct BrokerDatabaseError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, which decides the HTTP status.
    public enum Kind: String, Sendable, Hashable {
        /// The database server cannot be reached, closed the connection, or is starting or shutting down.
        case unavailable
        /// The database (file) cannot be written.
        case readOnly
        /// The disk (or the database's size limit) is full.
        case full
    }

    /// What went wrong.
    public var kind: Kind
    /// The message for the client and the log: the cause and what to do.
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// 503, or 507 (Insufficient Storage) when the database is full.
    public var status: Int { kind == .full ? 507 : 503 }

    /// Seconds a client should wait before retrying (`Retry-After`).
    public var retryAfterSeconds: Int { kind == .unavailable ? 5 : 60 }

    /// The error for a start-up check or a failed operation on `location`, when `error` is one of the causes above
    /// (nil for errors of the request or the broker itself, which stay 4xx or 500).
    public static func classify(_ error: any Error, location: String) -> BrokerDatabaseError? {
        if let error = error as? BrokerDatabaseError { return error }
        if let error = error as? SQLiteFailure { return classify(sqlite: error, location: location) }
        if let error = error as? PSQLError { return classify(postgres: error, location: location) }
        if let error = error as? ConnectionPoolTimeoutError, error == .connectionRequestTimeout {
            return unavailable(
                location,
                "no database connection could be had in time (the database is slow or unreachable, or the broker is "
                    + "overloaded)"
            )
        }
        if error is NIOConnectionError || error is IOError || error is ChannelError {
            return unavailable(location, "the connection failed: \(error)")
        }
        return nil
    }

    /// Whether `error` means the PostgreSQL connection is closed or closing (nothing more can be sent on it).
    static func connectionIsGone(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return true
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("57P") || state.hasPrefix("08")
        default:
            return false
        }
    }

    static func unavailable(_ location: String, _ cause: String) -> BrokerDatabaseError {
        BrokerDatabaseError(
            kind: .unavailable,
            message: "The database (\(location)) is unavailable: \(cause). The broker reconnects by itself: check that "
                + "the database server runs and is reachable, and retry the request."
        )
    }

    static func readOnly(_ location: String, _ cause: String) -> BrokerDatabaseError {
        BrokerDatabaseError(
            kind: .readOnly,
            message: "The database (\(location)) is read-only: \(cause). Make the database file and its folder "
                + "writable by the user the broker runs as (or give the database user write access), then retry."
        )
    }

    static func full(_ location: String, _ cause: String) -> BrokerDatabaseError {
        BrokerDatabaseError(
            kind: .full,
            message: "The database is full (\(location)): \(cause). Free disk space on the database's volume (or "
                + "raise its size limit), then retry; nothing of this request was stored."
        )
    }

    /// The same for an error of the broker's SQLite connections (``SQLiteHandle``), by SQLite's primary code.
    private static func classify(sqlite error: SQLiteFailure, location: String) -> BrokerDatabaseError? {
        let cause = "SQLite said '\(error.message)'"
        switch error.primaryCode {
        case SQLITE_READONLY: return readOnly(location, cause)
        case SQLITE_FULL: return full(location, cause)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return unavailable(location, "\(cause) (another process holds the database file locked)")
        case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM:
            return unavailable(location, "\(cause) (the database file cannot be read or written)")
        default: return nil
        }
    }

    private static func classify(postgres error: PSQLError, location: String) -> BrokerDatabaseError? {
        switch error.code {
        case .connectionError:
            let detail = error.underlying.map { "\($0)" } ?? "no detail"
            return unavailable(location, "the connection to PostgreSQL failed (\(detail))")
        case .serverClosedConnection, .uncleanShutdown:
            return unavailable(location, "PostgreSQL closed the connection")
        case .clientClosedConnection, .poolClosed:
            return unavailable(location, "the connection to PostgreSQL was closed")
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "no message"
            let cause = "PostgreSQL said '\(message)' (SQLSTATE \(state))"
            // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now;
            // 53: insufficient resources; 25006: read-only transaction.
            if state == "53100" { return full(location, cause) }
            if state == "25006" { return readOnly(location, cause) }
            if state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53") {
                return unavailable(location, cause)
            }
            return nil
        default:
            return nil
        }
    }
}
