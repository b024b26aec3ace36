import Foundation
import PactumCore
import SQLKit

/// An environment row.
struct EnvironmentRecord: Sendable, Hashable {
    var id: Int
    var uuid: String
    var name: String
    var displayName: String?
    var production: Bool
    var contacts: JSONValue?
    var createdAt: String
    var updatedAt: String
}

/// A deployed or released version row (released versions have no application instance).
struct DeploymentRecord: Sendable, Hashable {
    var id: Int
    var uuid: String
    var versionID: Int
    var versionNumber: String
    var pacticipantName: String
    var environmentID: Int
    var environmentUUID: String
    var environmentName: String
    var applicationInstance: String?
    var current: Bool
    var endedAt: String?
    var createdAt: String
}

extension BrokerStore {
    private func environment(from row: any SQLRow) throws -> EnvironmentRecord {
        let contacts = try row.decode(column: "contacts", as: String?.self)
        return EnvironmentRecord(
            id: try row.decode(column: "id", as: Int.self),
            uuid: try row.decode(column: "uuid", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            displayName: try row.decode(column: "display_name", as: String?.self),
            production: try row.decode(column: "production", as: Int.self) != 0,
            contacts: try contacts.map { try JSONParser.parse($0) },
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self)
        )
    }

    private static let environmentColumns = "id, uuid, name, display_name, production, contacts, created_at, updated_at"

    func environments() async throws -> [EnvironmentRecord] {
        try await db.raw("SELECT \(unsafeRaw: Self.environmentColumns) FROM environments ORDER BY name").all()
            .map(environment(from:))
    }

    func environment(uuid: String) async throws -> EnvironmentRecord? {
        try await db.raw("SELECT \(unsafeRaw: Self.environmentColumns) FROM environments WHERE uuid = \(bind: uuid)")
            .first().map(environment(from:))
    }

    func environment(named name: String) async throws -> EnvironmentRecord? {
        try await db.raw("SELECT \(unsafeRaw: Self.environmentColumns) FROM environments WHERE name = \(bind: name)")
            .first().map(environment(from:))
    }

    func insertEnvironment(_ record: EnvironmentRecord) async throws {
        try await db.raw(
            """
            INSERT INTO environments (uuid, name, display_name, production, contacts, created_at, updated_at)
            VALUES (\(bind: record.uuid), \(bind: record.name), \(bind: record.displayName), \(bind: record.production ? 1 : 0),
              \(bind: record.contacts.map(JSONWriter.compact)), \(bind: record.createdAt), \(bind: record.updatedAt))
            """
        ).run()
    }

    func updateEnvironment(_ record: EnvironmentRecord) async throws {
        try await db.raw(
            """
            UPDATE environments SET name = \(bind: record.name), display_name = \(bind: record.displayName),
              production = \(bind: record.production ? 1 : 0), contacts = \(bind: record.contacts.map(JSONWriter.compact)),
              updated_at = \(bind: BrokerClock.now())
            WHERE id = \(bind: record.id)
            """
        ).run()
    }

    func deleteEnvironment(id: Int) async throws {
        try await db.raw("DELETE FROM environments WHERE id = \(bind: id)").run()
    }

    // MARK: Deployed and released versions

    private func deployment(from row: any SQLRow, released: Bool) throws -> DeploymentRecord {
        DeploymentRecord(
            id: try row.decode(column: "id", as: Int.self),
            uuid: try row.decode(column: "uuid", as: String.self),
            versionID: try row.decode(column: "version_id", as: Int.self),
            versionNumber: try row.decode(column: "number", as: String.self),
            pacticipantName: try row.decode(column: "pacticipant_name", as: String.self),
            environmentID: try row.decode(column: "environment_id", as: Int.self),
            environmentUUID: try row.decode(column: "environment_uuid", as: String.self),
            environmentName: try row.decode(column: "environment_name", as: String.self),
            applicationInstance: released
                ? nil : (try row.decode(column: "application_instance", as: String.self)).nilIfEmpty,
            current: try row.decode(column: released ? "currently_supported" : "currently_deployed", as: Int.self) != 0,
            endedAt: try row.decode(column: released ? "support_ended_at" : "undeployed_at", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: String.self)
        )
    }

    /// The deployments of a version to an environment.
    func deployedVersions(versionID: Int, environmentID: Int) async throws -> [DeploymentRecord] {
        try await deployedVersions("d.version_id = \(bind: versionID) AND d.environment_id = \(bind: environmentID)")
    }

    /// The releases of a version to an environment.
    func releasedVersions(versionID: Int, environmentID: Int) async throws -> [DeploymentRecord] {
        try await releasedVersions("d.version_id = \(bind: versionID) AND d.environment_id = \(bind: environmentID)")
    }

    func deployedVersion(uuid: String) async throws -> DeploymentRecord? {
        try await deployedVersions("d.uuid = \(bind: uuid)").first
    }

    func deployedVersion(id: Int) async throws -> DeploymentRecord? {
        try await deployedVersions("d.id = \(bind: id)").first
    }

    func releasedVersion(uuid: String) async throws -> DeploymentRecord? {
        try await releasedVersions("d.uuid = \(bind: uuid)").first
    }

    func releasedVersion(id: Int) async throws -> DeploymentRecord? {
        try await releasedVersions("d.id = \(bind: id)").first
    }

    /// The versions currently deployed to an environment.
    func currentlyDeployedVersions(environmentID: Int) async throws -> [DeploymentRecord] {
        try await deployedVersions("d.environment_id = \(bind: environmentID) AND d.currently_deployed = 1")
    }

    /// The versions currently supported in an environment.
    func currentlySupportedVersions(environmentID: Int) async throws -> [DeploymentRecord] {
        try await releasedVersions("d.environment_id = \(bind: environmentID) AND d.currently_supported = 1")
    }

    func deployedVersions(_ filter: SQLQueryString) async throws -> [DeploymentRecord] {
        let query =
            SQLQueryString(
                """
                SELECT d.id, d.uuid, d.version_id, v.number, p.name AS pacticipant_name, d.environment_id,
                  e.uuid AS environment_uuid, e.name AS environment_name, d.application_instance, d.currently_deployed,
                  d.undeployed_at, d.created_at
                FROM deployed_versions d JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id
                JOIN environments e ON e.id = d.environment_id WHERE
                """
            ) + " " + filter + " ORDER BY d.id"
        return try await db.raw(query).all().map { try deployment(from: $0, released: false) }
    }

    func releasedVersions(_ filter: SQLQueryString) async throws -> [DeploymentRecord] {
        let query =
            SQLQueryString(
                """
                SELECT d.id, d.uuid, d.version_id, v.number, p.name AS pacticipant_name, d.environment_id,
                  e.uuid AS environment_uuid, e.name AS environment_name, d.currently_supported, d.support_ended_at,
                  d.created_at
                FROM released_versions d JOIN versions v ON v.id = d.version_id JOIN pacticipants p ON p.id = d.pacticipant_id
                JOIN environments e ON e.id = d.environment_id WHERE
                """
            ) + " " + filter + " ORDER BY d.id"
        return try await db.raw(query).all().map { try deployment(from: $0, released: true) }
    }

    /// Records a deployment; an identical current deployment is returned as is, and the previous version of the
    /// pacticipant deployed to the same environment and application instance is marked undeployed. A new record gets
    /// `uuid` (a random one unless a caller, such as a test building known data, names it).
    func recordDeployment(
        version: VersionRecord,
        environment: EnvironmentRecord,
        applicationInstance: String,
        uuid: String = UUID().uuidString.lowercased()
    )
        async throws -> (DeploymentRecord, created: Bool)
    {
        let current = try await deployedVersions(
            """
            d.pacticipant_id = \(bind: version.pacticipantID) AND d.environment_id = \(bind: environment.id)
            AND d.application_instance = \(bind: applicationInstance) AND d.currently_deployed = 1
            """
        )
        if let same = current.first(where: { $0.versionID == version.id }) { return (same, false) }
        let now = BrokerClock.now()
        try await db.raw(
            """
            UPDATE deployed_versions SET currently_deployed = 0, undeployed_at = \(bind: now)
            WHERE pacticipant_id = \(bind: version.pacticipantID) AND environment_id = \(bind: environment.id)
            AND application_instance = \(bind: applicationInstance) AND currently_deployed = 1
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_id, application_instance,
              currently_deployed, created_at)
            VALUES (\(bind: uuid), \(bind: version.id), \(bind: version.pacticipantID), \(bind: environment.id),
              \(bind: applicationInstance), 1, \(bind: now))
            """
        ).run()
        guard let record = try await deployedVersions("d.uuid = \(bind: uuid)").first else {
            throw BrokerStoreError(message: "the deployed version vanished while being recorded")
        }
        return (record, true)
    }

    func undeploy(id: Int) async throws {
        try await db.raw(
            "UPDATE deployed_versions SET currently_deployed = 0, undeployed_at = \(bind: BrokerClock.now()) WHERE id = \(bind: id) AND currently_deployed = 1"
        ).run()
    }

    /// Records a release (idempotent: a release that ended is supported again).
    func recordRelease(
        version: VersionRecord,
        environment: EnvironmentRecord
    ) async throws
        -> (DeploymentRecord, created: Bool)
    {
        let inserted = try await db.raw(
            """
            INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_id, currently_supported, created_at)
            VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: version.id), \(bind: version.pacticipantID),
              \(bind: environment.id), 1, \(bind: BrokerClock.now()))
            ON CONFLICT (version_id, environment_id) DO NOTHING RETURNING id
            """
        ).first()
        if inserted == nil {
            try await db.raw(
                """
                UPDATE released_versions SET currently_supported = 1, support_ended_at = NULL
                WHERE version_id = \(bind: version.id) AND environment_id = \(bind: environment.id)
                """
            ).run()
        }
        guard
            let record = try await releasedVersions(
                "d.version_id = \(bind: version.id) AND d.environment_id = \(bind: environment.id)"
            ).first
        else { throw BrokerStoreError(message: "the released version vanished while being recorded") }
        return (record, inserted != nil)
    }

    func endSupport(id: Int) async throws {
        try await db.raw(
            "UPDATE released_versions SET currently_supported = 0, support_ended_at = \(bind: BrokerClock.now()) WHERE id = \(bind: id) AND currently_supported = 1"
        ).run()
    }

    /// Versions of a pacticipant currently deployed to or supported in an environment (newest first, distinct).
    func versionsInEnvironment(pacticipantID: Int, environmentID: Int) async throws -> [VersionRecord] {
        var ids: [Int] = []
        for record in try await deployedVersions(
            "d.pacticipant_id = \(bind: pacticipantID) AND d.environment_id = \(bind: environmentID) AND d.currently_deployed = 1"
        ) where !ids.contains(record.versionID) { ids.append(record.versionID) }
        for record in try await releasedVersions(
            "d.pacticipant_id = \(bind: pacticipantID) AND d.environment_id = \(bind: environmentID) AND d.currently_supported = 1"
        ) where !ids.contains(record.versionID) { ids.append(record.versionID) }
        var versions: [VersionRecord] = []
        for id in ids.sorted(by: >) { if let version = try await version(id: id) { versions.append(version) } }
        return versions
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
