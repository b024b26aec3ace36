import SQLKit

extension BrokerStore {
    /// Every consumer version with a pact for the provider, with its branches, tags, deployments and releases.
    func pactCandidates(providerID: Int) async throws -> [PactCandidate] {
        let publications = try await publications("pp.provider_id = \(bind: providerID)")
        guard !publications.isEmpty else { return [] }
        let versionIDs = publications.map(\.consumerVersionID)
        var branches: [Int: [String]] = [:]
        for row in try await db.raw(
            """
            SELECT bv.version_id, b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
            JOIN pact_publications pp ON pp.consumer_version_id = bv.version_id AND pp.provider_id = \(bind: providerID)
            ORDER BY bv.id
            """
        ).all() {
            branches[try row.decode(column: "version_id", as: Int.self), default: []]
                .append(try row.decode(column: "name", as: String.self))
        }
        var tags: [Int: [String]] = [:]
        for row in try await db.raw(
            """
            SELECT t.version_id, t.name FROM tags t
            JOIN pact_publications pp ON pp.consumer_version_id = t.version_id AND pp.provider_id = \(bind: providerID)
            ORDER BY t.id
            """
        ).all() {
            tags[try row.decode(column: "version_id", as: Int.self), default: []]
                .append(try row.decode(column: "name", as: String.self))
        }
        var deployed: [Int: [String]] = [:]
        for record in try await deployedVersions(
            "d.currently_deployed = 1 AND d.version_id IN (SELECT consumer_version_id FROM pact_publications WHERE provider_id = \(bind: providerID))"
        ) where deployed[record.versionID]?.contains(record.environmentName) != true {
            deployed[record.versionID, default: []].append(record.environmentName)
        }
        var released: [Int: [String]] = [:]
        for record in try await releasedVersions(
            "d.currently_supported = 1 AND d.version_id IN (SELECT consumer_version_id FROM pact_publications WHERE provider_id = \(bind: providerID))"
        ) {
            released[record.versionID, default: []].append(record.environmentName)
        }
        var mainBranches: [Int: String?] = [:]
        var candidates: [PactCandidate] = []
        for publication in publications where versionIDs.contains(publication.consumerVersionID) {
            if mainBranches[publication.consumerID] == nil {
                mainBranches[publication.consumerID] = try await pacticipant(id: publication.consumerID)?.mainBranch
            }
            candidates.append(
                PactCandidate(
                    consumerName: publication.consumerName,
                    consumerMainBranch: mainBranches[publication.consumerID] ?? nil,
                    versionID: publication.consumerVersionID,
                    versionNumber: publication.consumerVersionNumber,
                    sha: publication.sha,
                    publishedAt: publication.createdAt,
                    branches: branches[publication.consumerVersionID] ?? [],
                    tags: tags[publication.consumerVersionID] ?? [],
                    deployedTo: deployed[publication.consumerVersionID] ?? [],
                    releasedIn: released[publication.consumerVersionID] ?? []
                )
            )
        }
        return candidates
    }
}
