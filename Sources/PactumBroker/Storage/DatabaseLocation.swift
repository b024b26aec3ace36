import Foundation

/// Where the broker keeps its data, parsed from `--database-url`.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// An embedded SQLite database file (`sqlite:///absolute/path` or `sqlite://relative/path`), or an in-memory one
    /// (`sqlite::memory:`).
    case sqlite(path: String)
    /// An in-memory SQLite database, gone when the broker stops (tests).
    case sqliteInMemory
    /// A PostgreSQL database (`postgres://user:password@host:port/database`, `postgresql://` too).
    case postgres(url: String)

    /// The default database: an SQLite file under `.pactum/` in the given folder.
    public static func defaultLocation(in folder: String) -> DatabaseLocation {
        .sqlite(path: (folder as NSString).appendingPathComponent(".pactum/broker.sqlite"))
    }

    /// Parses a database URL, or explains what forms are accepted.
    public init(parsing text: String) throws(DatabaseLocationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "sqlite::memory:" || trimmed == "sqlite://:memory:" {
            self = .sqliteInMemory
        } else if trimmed.hasPrefix("sqlite://") {
            let path = String(trimmed.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw DatabaseLocationError(url: text, reason: "the SQLite path is empty") }
            self = .sqlite(path: path)
        } else if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: trimmed), let host = components.host, !host.isEmpty else {
                throw DatabaseLocationError(url: text, reason: "the PostgreSQL URL has no host")
            }
            self = .postgres(url: trimmed)
        } else {
            throw DatabaseLocationError(url: text, reason: "the scheme is not sqlite:// or postgres://")
        }
    }

    /// The location with any password replaced by `***`, for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .sqliteInMemory: "sqlite::memory:"
        case .postgres(let url):
            Self.hidingPassword(in: url)
        }
    }
}

extension DatabaseLocation {
    static func hidingPassword(in url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://***"
    }
}

/// A `--database-url` that could not be understood.
public struct DatabaseLocationError: Error, CustomStringConvertible, Sendable {
    /// The URL as given (the password is hidden when the error is printed).
    public var url: String
    /// What was wrong with it.
    public var reason: String

    public var description: String {
        let shown = url.replacingOccurrences(of: #"//([^:/@]*):[^@]*@"#, with: "//$1:***@", options: .regularExpression)
        return "Invalid database URL '\(shown)': \(reason). "
            + "Use sqlite:///path/to/broker.sqlite or postgres://user:password@host:5432/database."
    }
}
