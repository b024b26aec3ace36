import Foundation
import SQLKit

/// A pacticipant row.
struct PacticipantRecord: Sendable, Hashable {
    public var id: Int
    public var name: String
    public var displayName: String?
    public var mainBranch: String?
    public var repositoryURL: String?
    public var repositoryName: String?
    public var repositoryNamespace: String?
    public var createdAt: String
    public var updatedAt: String
}

/// A version row.
struct VersionRecord: Sendable, Hashable {
    public var id: Int
    public var pacticipantID: Int
    public var number: String
    public var buildURL: String?
    public var createdAt: String
}

/// The broker's queries, one set for SQLite and PostgreSQL, on one transaction's connection.
struct BrokerStore {
    let db: any SQLDatabase
    /// The store is in a read-only transaction (a GET): work that would write throws ``WriteNeeded`` instead, and the
    /// request runs again in a write transaction.
    var readOnly = false

    /// A read-only request met work that writes (a bi-directional comparison not run yet): run it again as a writer.
    struct WriteNeeded: Error {}

    /// Throws ``WriteNeeded`` in a read-only transaction.
    func requireWriting() throws {
        if readOnly { throw WriteNeeded() }
    }

    // MARK: Pacticipants

    private static let pacticipantColumns =
        "id, name, display_name, main_branch, repository_url, repository_name, repository_namespace, created_at, updated_at"

    private func pacticipant(from row: any SQLRow) throws -> PacticipantRecord {
        PacticipantRecord(
            id: try row.decode(column: "id", as: Int.self),
            name: try row.decode(column: "name", as: String.self),
            displayName: try row.decode(column: "display_name", as: String?.self),
            mainBranch: try row.decode(column: "main_branch", as: String?.self),
            repositoryURL: try row.decode(column: "repository_url", as: String?.self),
            repositoryName: try row.decode(column: "repository_name", as: String?.self),
            repositoryNamespace: try row.decode(column: "repository_namespace", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self)
        )
    }

    func pacticipant(named name: String) async throws -> PacticipantRecord? {
        try await db.raw("SELECT \(unsafeRaw: Self.pacticipantColumns) FROM pacticipants WHERE name = \(bind: name)")
            .first().map(pacticipant(from:))
    }

    func pacticipant(id: Int) async throws -> PacticipantRecord? {
        try await db.raw("SELECT \(unsafeRaw: Self.pacticipantColumns) FROM pacticipants WHERE id = \(bind: id)")
            .first().map(pacticipant(from:))
    }

    func pacticipants() async throws -> [PacticipantRecord] {
        try await db.raw("SELECT \(unsafeRaw: Self.pacticipantColumns) FROM pacticipants ORDER BY name").all()
            .map(pacticipant(from:))
    }

    /// The pacticipant, created when missing; `created` tells which. Safe when two brokers create it at once.
    func ensurePacticipant(named name: String) async throws -> (PacticipantRecord, created: Bool) {
        try BrokerStoreRefusal.checkName(name, "pacticipant name")
        // Nearly always there already: one query then.
        if let existing = try await pacticipant(named: name) { return (existing, false) }
        let now = BrokerClock.now()
        let inserted = try await db.raw(
            """
            INSERT INTO pacticipants (name, display_name, created_at, updated_at)
            VALUES (\(bind: name), \(bind: Self.displayName(for: name)), \(bind: now), \(bind: now))
            ON CONFLICT (name) DO NOTHING RETURNING id
            """
        ).first()
        guard let record = try await pacticipant(named: name) else {
            throw BrokerStoreError(message: "pacticipant '\(name)' vanished while being created")
        }
        return (record, inserted != nil)
    }

    func updatePacticipant(_ record: PacticipantRecord) async throws {
        try await db.raw(
            """
            UPDATE pacticipants SET display_name = \(bind: record.displayName), main_branch = \(bind: record.mainBranch),
              repository_url = \(bind: record.repositoryURL), repository_name = \(bind: record.repositoryName),
              repository_namespace = \(bind: record.repositoryNamespace), updated_at = \(bind: BrokerClock.now())
            WHERE id = \(bind: record.id)
            """
        ).run()
    }

    func deletePacticipant(id: Int) async throws {
        try await db.raw("DELETE FROM pacticipants WHERE id = \(bind: id)").run()
    }

    /// "foo-bar_baz" → "Foo Bar Baz", as the Pact Broker generates display names.
    static func displayName(for name: String) -> String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: " ")
    }

    // MARK: Versions

    private func version(from row: any SQLRow) throws -> VersionRecord {
        VersionRecord(
            id: try row.decode(column: "id", as: Int.self),
            pacticipantID: try row.decode(column: "pacticipant_id", as: Int.self),
            number: try row.decode(column: "number", as: String.self),
            buildURL: try row.decode(column: "build_url", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: String.self)
        )
    }

    func version(pacticipantID: Int, number: String) async throws -> VersionRecord? {
        try await db.raw(
            """
            SELECT id, pacticipant_id, number, build_url, created_at FROM versions
            WHERE pacticipant_id = \(bind: pacticipantID) AND number = \(bind: number)
            """
        ).first().map(version(from:))
    }

    func version(id: Int) async throws -> VersionRecord? {
        try await db.raw(
            "SELECT id, pacticipant_id, number, build_url, created_at FROM versions WHERE id = \(bind: id)"
        ).first().map(version(from:))
    }

    func versions(pacticipantID: Int) async throws -> [VersionRecord] {
        try await db.raw(
            """
            SELECT id, pacticipant_id, number, build_url, created_at FROM versions
            WHERE pacticipant_id = \(bind: pacticipantID) ORDER BY id DESC
            """
        ).all().map(version(from:))
    }

    /// The newest version (by creation order), optionally with a tag or on a branch.
    func latestVersion(pacticipantID: Int, tag: String? = nil, branch: String? = nil) async throws -> VersionRecord? {
        var query = SQLQueryString("SELECT v.id, v.pacticipant_id, v.number, v.build_url, v.created_at FROM versions v")
        if let tag {
            query.appendInterpolation(unsafeRaw: " JOIN tags t ON t.version_id = v.id")
            query.appendLiteral(" AND t.name = ")
            query.appendInterpolation(bind: tag)
        }
        if let branch {
            query.appendInterpolation(
                unsafeRaw: " JOIN branch_versions bv ON bv.version_id = v.id JOIN branches b ON b.id = bv.branch_id"
            )
            query.appendLiteral(" AND b.name = ")
            query.appendInterpolation(bind: branch)
        }
        query.appendLiteral(" WHERE v.pacticipant_id = ")
        query.appendInterpolation(bind: pacticipantID)
        query.appendLiteral(" ORDER BY v.id DESC LIMIT 1")
        return try await db.raw(query).first().map(version(from:))
    }

    /// The newest version of every pacticipant that has one, by pacticipant id.
    func latestVersions() async throws -> [Int: VersionRecord] {
        let rows = try await db.raw(
            """
            SELECT v.id, v.pacticipant_id, v.number, v.build_url, v.created_at FROM versions v
            WHERE v.id IN (SELECT MAX(id) FROM versions GROUP BY pacticipant_id)
            """
        ).all()
        var latest: [Int: VersionRecord] = [:]
        for row in rows {
            let version = try version(from: row)
            latest[version.pacticipantID] = version
        }
        return latest
    }

    func ensureVersion(pacticipantID: Int, number: String) async throws -> (VersionRecord, created: Bool) {
        try BrokerStoreRefusal.checkName(number, "version number")
        let now = BrokerClock.now()
        // A new version (the usual case when publishing) comes back from the insert itself: one query then.
        if let inserted = try await db.raw(
            """
            INSERT INTO versions (pacticipant_id, number, created_at, updated_at)
            VALUES (\(bind: pacticipantID), \(bind: number), \(bind: now), \(bind: now))
            ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING id, pacticipant_id, number, build_url, created_at
            """
        ).first() {
            return (try version(from: inserted), true)
        }
        guard let record = try await version(pacticipantID: pacticipantID, number: number) else {
            throw BrokerStoreError(message: "version '\(number)' vanished while being created")
        }
        return (record, false)
    }

    func setBuildURL(versionID: Int, _ url: String?) async throws {
        try await db.raw(
            "UPDATE versions SET build_url = \(bind: url), updated_at = \(bind: BrokerClock.now()) WHERE id = \(bind: versionID)"
        ).run()
    }

    func deleteVersion(id: Int) async throws {
        try await db.raw("DELETE FROM versions WHERE id = \(bind: id)").run()
    }

    // MARK: Branches and tags

    func branchNames(versionID: Int) async throws -> [String] {
        try await db.raw(
            """
            SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
            WHERE bv.version_id = \(bind: versionID) ORDER BY bv.id
            """
        ).all().map { try $0.decode(column: "name", as: String.self) }
    }

    func tagNames(versionID: Int) async throws -> [String] {
        try await db.raw("SELECT name FROM tags WHERE version_id = \(bind: versionID) ORDER BY id").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    /// Whether the version is the newest with that tag.
    func isLatestWithTag(versionID: Int, pacticipantID: Int, tag: String) async throws -> Bool {
        try await latestVersion(pacticipantID: pacticipantID, tag: tag)?.id == versionID
    }

    func branchID(pacticipantID: Int, name: String) async throws -> (id: Int, createdAt: String)? {
        guard
            let row = try await db.raw(
                "SELECT id, created_at FROM branches WHERE pacticipant_id = \(bind: pacticipantID) AND name = \(bind: name)"
            ).first()
        else { return nil }
        return (try row.decode(column: "id", as: Int.self), try row.decode(column: "created_at", as: String.self))
    }

    func branches(pacticipantID: Int) async throws -> [(name: String, createdAt: String)] {
        try await db.raw(
            "SELECT name, created_at FROM branches WHERE pacticipant_id = \(bind: pacticipantID) ORDER BY id DESC"
        ).all().map {
            (try $0.decode(column: "name", as: String.self), try $0.decode(column: "created_at", as: String.self))
        }
    }

    /// Adds the version to the branch (creating the branch); true when the version was not on it before.
    @discardableResult
    func addToBranch(pacticipantID: Int, branch: String, versionID: Int) async throws -> Bool {
        try BrokerStoreRefusal.checkName(branch, "branch name")
        let now = BrokerClock.now()
        // Nearly always there already: one query then.
        var branchID = try await branchID(pacticipantID: pacticipantID, name: branch)?.id
        if branchID == nil {
            try await db.raw(
                """
                INSERT INTO branches (pacticipant_id, name, created_at) VALUES (\(bind: pacticipantID), \(bind: branch), \(bind: now))
                ON CONFLICT (pacticipant_id, name) DO NOTHING
                """
            ).run()
            branchID = try await self.branchID(pacticipantID: pacticipantID, name: branch)?.id
        }
        guard let branchID else {
            throw BrokerStoreError(message: "branch '\(branch)' vanished while being created")
        }
        // The first branch named develop, main or master becomes the main branch (Pact Broker auto_detect_main_branch).
        if ["develop", "main", "master"].contains(branch) {
            try await db.raw(
                "UPDATE pacticipants SET main_branch = \(bind: branch) WHERE id = \(bind: pacticipantID) AND main_branch IS NULL"
            ).run()
        }
        let inserted = try await db.raw(
            """
            INSERT INTO branch_versions (branch_id, version_id, created_at) VALUES (\(bind: branchID), \(bind: versionID), \(bind: now))
            ON CONFLICT (branch_id, version_id) DO NOTHING RETURNING id
            """
        ).first()
        return inserted != nil
    }

    func isOnBranch(versionID: Int, branchID: Int) async throws -> Bool {
        try await db.raw(
            "SELECT id FROM branch_versions WHERE version_id = \(bind: versionID) AND branch_id = \(bind: branchID)"
        ).first() != nil
    }

    func removeFromBranch(versionID: Int, branchID: Int) async throws {
        try await db.raw(
            "DELETE FROM branch_versions WHERE version_id = \(bind: versionID) AND branch_id = \(bind: branchID)"
        ).run()
    }

    func deleteBranch(id: Int) async throws {
        try await db.raw("DELETE FROM branches WHERE id = \(bind: id)").run()
    }

    /// Adds the tag; true when it is new.
    @discardableResult
    func addTag(versionID: Int, name: String) async throws -> Bool {
        try BrokerStoreRefusal.checkName(name, "tag name")
        return try await db.raw(
            """
            INSERT INTO tags (version_id, name, created_at) VALUES (\(bind: versionID), \(bind: name), \(bind: BrokerClock.now()))
            ON CONFLICT (version_id, name) DO NOTHING RETURNING id
            """
        ).first() != nil
    }

    func tagCreatedAt(versionID: Int, name: String) async throws -> String? {
        try await db.raw("SELECT created_at FROM tags WHERE version_id = \(bind: versionID) AND name = \(bind: name)")
            .first()?.decode(column: "created_at", as: String.self)
    }

    func deleteTag(versionID: Int, name: String) async throws {
        try await db.raw("DELETE FROM tags WHERE version_id = \(bind: versionID) AND name = \(bind: name)").run()
    }
}

/// The database did not do what the store expected (a row vanished mid-transaction).
/// What the store refuses to do, in the domain's words; the HTTP layer gives it a status (``BrokerError/init(_:)``).
struct BrokerStoreRefusal: Error, CustomStringConvertible, Sendable {
    enum Code: Sendable {
        /// A pact with other content was already published for the consumer version and provider.
        case pactContentConflict
        /// A selector names a pacticipant that does not exist.
        case unknownPacticipant
        /// A selector names an environment that does not exist.
        case unknownEnvironment
        /// A name, version number, branch or tag that cannot be stored (a control character).
        case invalidName
    }

    /// Refuses a name with a control character (CR and LF forge lines in webhook logs and headers; the others are
    /// never meant): names, version numbers, branches and tags are single-line text.
    static func checkName(_ name: String, _ what: String) throws(BrokerStoreRefusal) {
        guard let bad = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) else { return }
        let shown = name.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0)
        }
        .joined()
        throw BrokerStoreRefusal(
            code: .invalidName,
            message: "The \(what) '\(shown)' contains a control character (U+\(String(format: "%04X", bad.value))): "
                + "names, version numbers, branches and tags are single-line text"
        )
    }

    var code: Code
    /// What was refused and what to do, for the client.
    var message: String
    var description: String { message }
}

struct BrokerStoreError: Error, CustomStringConvertible {
    var message: String
    var description: String { "Broker database error: \(message)" }
}
