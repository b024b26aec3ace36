import PactumBrokerWire
import SQLKit

extension BrokerStore {
    /// The consumer versions with a pact for the provider that the request's selectors (or the defaults, or the
    /// WIP search) could pick, with their branches, tags, deployments and releases, and the content id of each sha.
    ///
    /// Only the rows a selector can pick are loaded: the head of every consumer branch (main, branch, matching
    /// and fallback branch selectors, WIP), the newest version of each consumer, the newest with each tag a
    /// selector names (every version with the tag for a tag selector without `latest`), and the versions
    /// currently deployed or released. `PactSelection` keeps the newest matching candidate, so running it on this
    /// subset gives what it gives on every publication of the provider.
    func pactCandidates(
        providerID: Int,
        request: PactsForVerificationRequest
    ) async throws -> (candidates: [PactCandidate], contentIDs: [String: Int]) {
        var versionIDs: Set<Int> = []
        var consumerIDs: [Int] = []
        for row in try await db.raw(
            """
            SELECT consumer_id, MAX(consumer_version_id) AS latest FROM pact_publications
            WHERE provider_id = \(bind: providerID) GROUP BY consumer_id
            """
        ).all() {
            consumerIDs.append(try row.decode(column: "consumer_id", as: Int.self))
            versionIDs.insert(try row.decode(column: "latest", as: Int.self))
        }
        guard !consumerIDs.isEmpty else { return ([], [:]) }
        // The head of each consumer branch, among the versions with a pact for this provider: the branch walked
        // backwards until a version has one. The pact check is a scalar subquery (`LIMIT 1`) so that PostgreSQL
        // cannot flatten it into a join with every publication of the provider (44 ms instead of 0.7 ms at the
        // benchmark's medium scale).
        for row in try await db.raw(
            """
            SELECT (SELECT bv.version_id FROM branch_versions bv
              WHERE bv.branch_id = b.id AND (SELECT 1 FROM pact_publications pp
                WHERE pp.consumer_version_id = bv.version_id AND pp.provider_id = \(bind: providerID) LIMIT 1) IS NOT NULL
              ORDER BY bv.version_id DESC LIMIT 1) AS head
            FROM branches b WHERE b.pacticipant_id \(isIn: consumerIDs)
            """
        ).all() {
            if let head = try row.decode(column: "head", as: Int?.self) { versionIDs.insert(head) }
        }
        // Tags: the newest of each consumer with a tag a selector names (or the main branch name, for the defaults).
        var latestTags: Set<String> = []
        var allTags: Set<String> = []
        if request.consumerVersionSelectors.isEmpty {
            for row in try await db.raw(
                "SELECT DISTINCT main_branch FROM pacticipants WHERE id \(isIn: consumerIDs) AND main_branch IS NOT NULL"
            ).all() {
                latestTags.insert(try row.decode(column: "main_branch", as: String.self))
            }
        }
        for selector in request.consumerVersionSelectors {
            if let tag = selector.tag {
                if selector.latest == true { latestTags.insert(tag) } else { allTags.insert(tag) }
            }
            if let fallback = selector.fallbackTag { latestTags.insert(fallback) }
        }
        for tag in latestTags.sorted() {
            for row in try await db.raw(
                """
                SELECT (SELECT t.version_id FROM tags t JOIN versions v ON v.id = t.version_id
                  JOIN pact_publications pp ON pp.consumer_version_id = t.version_id AND pp.provider_id = \(bind: providerID)
                  WHERE t.name = \(bind: tag) AND v.pacticipant_id = c.id ORDER BY t.version_id DESC LIMIT 1) AS head
                FROM pacticipants c WHERE c.id \(isIn: consumerIDs)
                """
            ).all() {
                if let head = try row.decode(column: "head", as: Int?.self) { versionIDs.insert(head) }
            }
        }
        for tag in allTags.sorted() {
            for row in try await db.raw(
                """
                SELECT pp.consumer_version_id FROM pact_publications pp
                JOIN tags t ON t.version_id = pp.consumer_version_id AND t.name = \(bind: tag)
                WHERE pp.provider_id = \(bind: providerID)
                """
            ).all() {
                versionIDs.insert(try row.decode(column: "consumer_version_id", as: Int.self))
            }
        }
        // Everything currently deployed or released.
        for row in try await db.raw(
            """
            SELECT d.version_id FROM deployed_versions d
            JOIN pact_publications pp ON pp.consumer_version_id = d.version_id AND pp.provider_id = \(bind: providerID)
            WHERE d.pacticipant_id \(isIn: consumerIDs) AND d.currently_deployed = 1
            UNION
            SELECT r.version_id FROM released_versions r
            JOIN pact_publications pp ON pp.consumer_version_id = r.version_id AND pp.provider_id = \(bind: providerID)
            WHERE r.pacticipant_id \(isIn: consumerIDs) AND r.currently_supported = 1
            """
        ).all() {
            versionIDs.insert(try row.decode(column: "version_id", as: Int.self))
        }
        return try await pactCandidates(providerID: providerID, versionIDs: versionIDs.sorted())
    }

    /// Every consumer version with a pact for the provider as a candidate (the reference the selective
    /// `pactCandidates(providerID:request:)` is tested against; slow on a long history).
    func allPactCandidates(providerID: Int) async throws -> (candidates: [PactCandidate], contentIDs: [String: Int]) {
        let versionIDs = try await db.raw(
            "SELECT consumer_version_id FROM pact_publications WHERE provider_id = \(bind: providerID)"
        ).all().map { try $0.decode(column: "consumer_version_id", as: Int.self) }
        return try await pactCandidates(providerID: providerID, versionIDs: versionIDs)
    }

    /// The candidates for these consumer versions (newest first), with their branches, tags, deployments and
    /// releases: two queries.
    func pactCandidates(
        providerID: Int,
        versionIDs: [Int]
    ) async throws -> (candidates: [PactCandidate], contentIDs: [String: Int]) {
        guard !versionIDs.isEmpty else { return ([], [:]) }
        let publications = try await publications(
            "pp.provider_id = \(bind: providerID) AND pp.consumer_version_id \(isIn: versionIDs)"
        )
        // Their branches, tags, current deployments and releases, and the consumers' main branches: one query.
        var branches: [Int: [String]] = [:]
        var tags: [Int: [String]] = [:]
        var deployed: [Int: [String]] = [:]
        var released: [Int: [String]] = [:]
        var mainBranches: [Int: String] = [:]
        let consumerIDs = Array(Set(publications.map(\.consumerID))).sorted()
        for row in try await db.raw(
            """
            SELECT 'b' AS kind, bv.version_id AS id, b.name, bv.id AS position FROM branch_versions bv
              JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id \(isIn: versionIDs)
            UNION ALL
            SELECT 't' AS kind, t.version_id AS id, t.name, t.id AS position FROM tags t WHERE t.version_id \(isIn: versionIDs)
            UNION ALL
            SELECT 'd' AS kind, d.version_id AS id, e.name, d.id AS position FROM deployed_versions d
              JOIN environments e ON e.id = d.environment_id
              WHERE d.currently_deployed = 1 AND d.version_id \(isIn: versionIDs)
            UNION ALL
            SELECT 'r' AS kind, r.version_id AS id, e.name, r.id AS position FROM released_versions r
              JOIN environments e ON e.id = r.environment_id
              WHERE r.currently_supported = 1 AND r.version_id \(isIn: versionIDs)
            UNION ALL
            SELECT 'm' AS kind, c.id, c.main_branch AS name, c.id AS position FROM pacticipants c
              WHERE c.id \(isIn: consumerIDs) AND c.main_branch IS NOT NULL
            ORDER BY kind, position
            """
        ).all() {
            let id = try row.decode(column: "id", as: Int.self)
            let name = try row.decode(column: "name", as: String.self)
            switch try row.decode(column: "kind", as: String.self) {
            case "b": branches[id, default: []].append(name)
            case "t": tags[id, default: []].append(name)
            case "d": if deployed[id]?.contains(name) != true { deployed[id, default: []].append(name) }
            case "r": released[id, default: []].append(name)
            default: mainBranches[id] = name
            }
        }
        var contentIDs: [String: Int] = [:]
        let candidates = publications.map { publication in
            contentIDs[publication.sha] = publication.contentID
            return PactCandidate(
                consumerName: publication.consumerName,
                consumerMainBranch: mainBranches[publication.consumerID],
                versionID: publication.consumerVersionID,
                versionNumber: publication.consumerVersionNumber,
                sha: publication.sha,
                publishedAt: publication.createdAt,
                branches: branches[publication.consumerVersionID] ?? [],
                tags: tags[publication.consumerVersionID] ?? [],
                deployedTo: deployed[publication.consumerVersionID] ?? [],
                releasedIn: released[publication.consumerVersionID] ?? []
            )
        }
        return (candidates, contentIDs)
    }
}
