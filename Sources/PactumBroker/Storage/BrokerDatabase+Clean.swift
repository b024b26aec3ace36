import Foundation
import SQLKit

/// What one `clean` run removed (or, for a dry run, would remove).
public struct BrokerCleanReport: Sendable {
    /// A version chosen for removal.
    public struct RemovedVersion: Sendable, Hashable {
        public var pacticipant: String
        public var number: String
        public var createdAt: String
    }

    /// True when nothing was changed.
    public var dryRun: Bool
    /// Versions in the database before the run.
    public var versions: Int
    /// Versions the keep selectors (and the always-kept deployed/released versions) selected.
    public var keptVersions: Int
    /// The versions removed, oldest first (at most the run's limit).
    public var removedVersions: [RemovedVersion]
    /// Versions that are not kept but were left for a later run by the limit.
    public var remainingCandidates: Int
    /// Pact publications removed with their consumer versions.
    public var removedPublications: Int
    /// Verification results removed: of removed provider versions, of pacts no version has any more, and
    /// duplicates (the same pact verified again by the same provider version; the newest is kept).
    public var removedVerifications: Int
    /// Pact contents no publication and no verification refers to any more.
    public var removedContents: Int
}

extension BrokerDatabase {
    /// Removes the versions no keep selector selects (oldest first, at most `limit` per run) with their tags,
    /// branch memberships, pacts and verification results, then duplicate verifications and orphaned contents.
    ///
    /// Versions that were ever deployed or released are always kept. The run is one transaction: it is safe while
    /// brokers serve the same database (on PostgreSQL writes that touch versions wait for it; reads go on), and a
    /// dry run does the same work and rolls it back, so its figures are exactly what a real run would do.
    public func clean(
        keep selectors: [KeepSelector],
        limit: Int = 500,
        dryRun: Bool,
        now: Date = Date()
    ) async throws -> BrokerCleanReport {
        do {
            return try await transaction(limited: false) { db in
                if self.engine == .postgres {
                    // One cleaner at a time, and no version changes under it while it decides.
                    try await db.raw("SELECT pg_advisory_xact_lock(74657202, hashtext(current_schema()))").run()
                    try await db.raw("LOCK TABLE versions IN EXCLUSIVE MODE").run()
                }
                let report = try await BrokerCleaner(db: db, now: now).run(
                    keep: selectors + KeepSelector.always,
                    limit: max(0, limit),
                    dryRun: dryRun
                )
                if dryRun { throw DryRunRollback(report: report) }
                return report
            }
        } catch let rollback as DryRunRollback {
            return rollback.report
        }
    }
}

/// Thrown to roll a dry run back with its report.
private struct DryRunRollback: Error {
    var report: BrokerCleanReport
}

/// The clean's decisions: which versions the selectors keep, on one transaction's connection.
struct BrokerCleaner {
    struct Version {
        var id: Int
        var pacticipantID: Int
        var number: String
        var createdAt: String
        var created: Date?
    }

    let db: any SQLDatabase
    let now: Date

    func run(keep selectors: [KeepSelector], limit: Int, dryRun: Bool) async throws -> BrokerCleanReport {
        let pacticipants = try await db.raw("SELECT id, name, main_branch FROM pacticipants").all().map { row in
            (
                id: try row.decode(column: "id", as: Int.self),
                name: try row.decode(column: "name", as: String.self),
                mainBranch: try row.decode(column: "main_branch", as: String?.self)
            )
        }
        let names = Dictionary(pacticipants.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let mainBranches = Dictionary(
            pacticipants.compactMap { entry in entry.mainBranch.map { (entry.id, $0) } },
            uniquingKeysWith: { first, _ in first }
        )
        let versions = try await db.raw("SELECT id, pacticipant_id, number, created_at FROM versions ORDER BY id").all()
            .map { row in
                let createdAt = try row.decode(column: "created_at", as: String.self)
                return Version(
                    id: try row.decode(column: "id", as: Int.self),
                    pacticipantID: try row.decode(column: "pacticipant_id", as: Int.self),
                    number: try row.decode(column: "number", as: String.self),
                    createdAt: createdAt,
                    created: BrokerClock.parse(createdAt)
                )
            }
        let tags = try await namesByVersion(of: "SELECT version_id, name FROM tags")
        let branches = try await namesByVersion(
            of: "SELECT bv.version_id, b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id"
        )
        let deployed = try await ids(of: "SELECT DISTINCT version_id FROM deployed_versions")
        let released = try await ids(of: "SELECT DISTINCT version_id FROM released_versions")

        var kept = Set<Int>()
        for selector in selectors {
            kept.formUnion(
                Self.select(
                    selector,
                    versions: versions,
                    names: names,
                    mainBranches: mainBranches,
                    tags: tags,
                    branches: branches,
                    deployed: deployed,
                    released: released,
                    now: now
                )
            )
        }
        // Oldest first: the ids grow with creation.
        let candidates = versions.filter { !kept.contains($0.id) }
        let removed = Array(candidates.prefix(limit))
        var report = BrokerCleanReport(
            dryRun: dryRun,
            versions: versions.count,
            keptVersions: versions.count - candidates.count,
            removedVersions: removed.map { version in
                BrokerCleanReport.RemovedVersion(
                    pacticipant: names[version.pacticipantID] ?? "#\(version.pacticipantID)",
                    number: version.number,
                    createdAt: version.createdAt
                )
            },
            remainingCandidates: candidates.count - removed.count,
            removedPublications: 0,
            removedVerifications: 0,
            removedContents: 0
        )
        let publicationsBefore = try await count("pact_publications")
        let verificationsBefore = try await count("verifications")
        let contentsBefore = try await count("pact_contents")
        for batch in stride(from: 0, to: removed.count, by: 200) {
            let ids = removed[batch..<min(batch + 200, removed.count)].map { String($0.id) }.joined(separator: ",")
            // Tags, branch memberships, publications and the verifications by these versions go with them.
            try await db.raw("DELETE FROM versions WHERE id IN (\(unsafeRaw: ids))").run()
        }
        // Verification results of pacts that no version has any more.
        try await db.raw(
            """
            DELETE FROM verifications WHERE NOT EXISTS
              (SELECT 1 FROM pact_publications pp WHERE pp.pact_content_id = verifications.pact_content_id)
            """
        ).run()
        // The same pact verified again by the same provider version: only the newest result counts.
        try await db.raw(
            """
            DELETE FROM verifications WHERE EXISTS
              (SELECT 1 FROM verifications newer
               WHERE newer.pact_content_id = verifications.pact_content_id
                 AND newer.provider_version_id = verifications.provider_version_id
                 AND newer.id > verifications.id)
            """
        ).run()
        try await db.raw(
            """
            DELETE FROM pact_contents WHERE
              NOT EXISTS (SELECT 1 FROM pact_publications pp WHERE pp.pact_content_id = pact_contents.id)
              AND NOT EXISTS (SELECT 1 FROM verifications vr WHERE vr.pact_content_id = pact_contents.id)
            """
        ).run()
        report.removedPublications = publicationsBefore - (try await count("pact_publications"))
        report.removedVerifications = verificationsBefore - (try await count("verifications"))
        report.removedContents = contentsBefore - (try await count("pact_contents"))
        return report
    }

    /// The versions one selector selects.
    static func select(
        _ selector: KeepSelector,
        versions: [Version],
        names: [Int: String],
        mainBranches: [Int: String],
        tags: [Int: [String]],
        branches: [Int: [String]],
        deployed: Set<Int>,
        released: Set<Int>,
        now: Date
    ) -> Set<Int> {
        let cutoff = selector.maxAgeDays.map { now.addingTimeInterval(-Double($0) * 86_400) }
        func matches(_ match: KeepSelector.NameMatch?, _ values: [String]) -> [String]? {
            switch match {
            case nil: return []
            case .any: return values.isEmpty ? nil : values
            case .named(let name): return values.contains(name) ? [name] : nil
            }
        }
        // Each selected version with the groups it is "latest" within (pacticipant, branch name, tag name).
        var latestByGroup: [String: Int] = [:]
        var selected = Set<Int>()
        for version in versions {
            if let pacticipant = selector.pacticipant, names[version.pacticipantID] != pacticipant { continue }
            if let cutoff, (version.created ?? .distantPast) < cutoff { continue }
            if selector.deployed, !deployed.contains(version.id) { continue }
            if selector.released, !released.contains(version.id) { continue }
            let branchNames = branches[version.id] ?? []
            if selector.mainBranch {
                guard let main = mainBranches[version.pacticipantID], branchNames.contains(main) else { continue }
            }
            guard let branchGroups = matches(selector.branch, branchNames),
                let tagGroups = matches(selector.tag, tags[version.id] ?? [])
            else { continue }
            guard selector.latest else {
                selected.insert(version.id)
                continue
            }
            for branch in branchGroups.isEmpty ? [""] : branchGroups {
                for tag in tagGroups.isEmpty ? [""] : tagGroups {
                    let group = "\(version.pacticipantID)\u{0}\(branch)\u{0}\(tag)"
                    // Versions come in id order: the last one seen in a group is its newest.
                    latestByGroup[group] = version.id
                }
            }
        }
        return selector.latest ? Set(latestByGroup.values) : selected
    }

    private func namesByVersion(of query: String) async throws -> [Int: [String]] {
        var result: [Int: [String]] = [:]
        for row in try await db.raw(SQLQueryString(query)).all() {
            result[try row.decode(column: "version_id", as: Int.self), default: []]
                .append(try row.decode(column: "name", as: String.self))
        }
        return result
    }

    private func ids(of query: String) async throws -> Set<Int> {
        Set(try await db.raw(SQLQueryString(query)).all().map { try $0.decode(column: "version_id", as: Int.self) })
    }

    private func count(_ table: String) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
