import SQLKit

extension BrokerStore {
    /// Resolves the specified selectors to versions; a pacticipant that does not exist is refused.
    func resolve(_ selector: MatrixSelector, limit: Int? = nil) async throws -> (PacticipantRecord, [VersionRecord]) {
        guard let pacticipant = try await pacticipant(named: selector.pacticipant) else {
            throw BrokerStoreRefusal(
                code: .unknownPacticipant,
                message: "Pacticipant \(selector.pacticipant) not found"
            )
        }
        return (pacticipant, try await versions(of: pacticipant, selector: selector, limit: limit))
    }

    /// The versions a selector stands for, newest first (at most `limit` of them when it stands for many).
    func versions(
        of pacticipant: PacticipantRecord,
        selector: MatrixSelector,
        limit: Int? = nil
    ) async throws -> [VersionRecord] {
        if let number = selector.version {
            return try await version(pacticipantID: pacticipant.id, number: number).map { [$0] } ?? []
        }
        if let environmentName = selector.environment {
            guard let environment = try await environment(named: environmentName) else {
                throw BrokerStoreRefusal(
                    code: .unknownEnvironment,
                    message: "Environment with name '\(environmentName)' does not exist"
                )
            }
            return try await versionsInEnvironment(pacticipantID: pacticipant.id, environmentID: environment.id)
        }
        let branch = selector.mainBranch ? pacticipant.mainBranch : selector.branch
        if selector.mainBranch, branch == nil { return [] }
        if selector.latest || selector.mainBranch {
            return try await latestVersion(pacticipantID: pacticipant.id, tag: selector.tag, branch: branch)
                .map { [$0] } ?? []
        }
        // Without latest: every version with the tag / on the branch.
        var query: SQLQueryString = "SELECT v.id FROM versions v WHERE v.pacticipant_id = \(bind: pacticipant.id)"
        if let tag = selector.tag {
            query += " AND EXISTS (SELECT 1 FROM tags t WHERE t.version_id = v.id AND t.name = \(bind: tag))"
        }
        if let branch {
            query +=
                " AND EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id AND b.name = \(bind: branch))"
        }
        query += " ORDER BY v.id DESC"
        if let limit { query += " LIMIT \(bind: limit)" }
        var result: [VersionRecord] = []
        for row in try await db.raw(query).all() {
            if let version = try await version(id: try row.decode(column: "id", as: Int.self)) {
                result.append(version)
            }
        }
        return result
    }

    /// The counterpart versions the destination stands for (nil when there is no destination).
    func destinationVersions(
        of pacticipant: PacticipantRecord,
        _ destination: MatrixDestination?
    ) async throws
        -> [VersionRecord]?
    {
        switch destination {
        case nil: return nil
        case .environment(let name):
            guard let environment = try await environment(named: name) else {
                throw BrokerStoreRefusal(
                    code: .unknownEnvironment,
                    message: "Environment with name '\(name)' does not exist"
                )
            }
            return try await versionsInEnvironment(pacticipantID: pacticipant.id, environmentID: environment.id)
        case .tag(let tag): return try await latestVersion(pacticipantID: pacticipant.id, tag: tag).map { [$0] } ?? []
        case .latest: return try await latestVersion(pacticipantID: pacticipant.id).map { [$0] } ?? []
        case .mainBranch:
            guard let main = pacticipant.mainBranch else { return [] }
            return try await latestVersion(pacticipantID: pacticipant.id, branch: main).map { [$0] } ?? []
        }
    }

    func matrixVersion(_ version: VersionRecord) async throws -> MatrixVersion {
        let environments =
            try await deployedVersions("d.version_id = \(bind: version.id) AND d.currently_deployed = 1")
            .map(\.environmentName)
            + (try await releasedVersions("d.version_id = \(bind: version.id) AND d.currently_supported = 1")
                .map(\.environmentName))
        return MatrixVersion(
            id: version.id,
            number: version.number,
            branches: try await branchNames(versionID: version.id),
            tags: try await tagNames(versionID: version.id),
            environments: Array(Set(environments)).sorted()
        )
    }

    /// Builds the rows for a matrix query: for each specified version, its pacts with every provider (required)
    /// and the pacts of its consumers (when a consumer version is in scope), against the counterpart versions
    /// named by the other selectors or inferred from the destination. Several counterpart versions (several
    /// deployed provider versions) give one row each.
    func matrix(_ query: MatrixQuery) async throws -> (resolved: [ResolvedMatrixSelector], rows: [MatrixRow]) {
        var specified: [(MatrixSelector, PacticipantRecord, [VersionRecord])] = []
        // Pacticipants selected by every version (or every version with a tag or on a branch): only their newest
        // `limit` versions count, and their rows are the pacts and verifications that exist, not every pairing.
        var everyVersion: Set<Int> = []
        for selector in query.selectors {
            var (pacticipant, versions) = try await resolve(
                selector,
                limit: selector.selectsEveryVersion ? query.limit : nil
            )
            if selector.selectsEveryVersion {
                everyVersion.insert(pacticipant.id)
                versions = Array(versions.prefix(query.limit))
            }
            specified.append((selector, pacticipant, versions))
        }
        var resolved: [ResolvedMatrixSelector] = []
        var versionCache: [Int: MatrixVersion] = [:]
        func matrixVersionCached(_ version: VersionRecord) async throws -> MatrixVersion {
            if let cached = versionCache[version.id] { return cached }
            let value = try await matrixVersion(version)
            versionCache[version.id] = value
            return value
        }
        for (selector, _, versions) in specified {
            var list: [MatrixVersion] = []
            for version in versions { list.append(try await matrixVersionCached(version)) }
            resolved.append(ResolvedMatrixSelector(selector: selector, versions: list))
        }
        func specifiedVersions(of pacticipantID: Int) -> [VersionRecord]? {
            let matching = specified.filter { $0.1.id == pacticipantID }
            return matching.isEmpty ? nil : matching.flatMap(\.2)
        }
        var rows: [MatrixRow] = []
        var seen: Set<String> = []
        func append(_ row: MatrixRow) {
            let key = "\(row.consumerVersion.id)/\(row.providerVersion?.id ?? -1)/\(row.provider)/\(row.pactSHA)"
            if seen.insert(key).inserted { rows.append(row) }
        }
        for (_, pacticipant, versions) in specified {
            for version in versions {
                // As consumer: every provider of this version's pacts is required.
                for publication in try await publications("pp.consumer_version_id = \(bind: version.id)") {
                    guard let provider = try await self.pacticipant(id: publication.providerID) else { continue }
                    let consumerVersion = try await matrixVersionCached(version)
                    var providerVersions = specifiedVersions(of: provider.id)
                    var missingDescription: String?
                    if providerVersions == nil {
                        providerVersions = try await destinationVersions(of: provider, query.destination)
                        if let destination = query.destination {
                            missingDescription =
                                "a version of \(provider.name) \(destination.counterpartDescription)"
                                + (destination.isEnvironment
                                    ? " (no version is currently recorded as deployed/released in this environment)"
                                    : "")
                        }
                    }
                    if providerVersions == nil {
                        // No destination: the latest provider version that verified this content.
                        if let latest = try await latestVerification(contentID: publication.contentID),
                            let providerVersion = try await self.version(id: latest.providerVersionID)
                        {
                            providerVersions = [providerVersion]
                        } else {
                            providerVersions = []
                            missingDescription = "a version of \(provider.name)"
                        }
                    }
                    var counterparts = providerVersions ?? []
                    if everyVersion.contains(provider.id), !counterparts.isEmpty {
                        let verified = Set(
                            try await verifications(
                                "vr.pact_content_id = \(bind: publication.contentID) AND vr.provider_id = \(bind: provider.id)"
                            ).map(\.providerVersionID)
                        )
                        counterparts = counterparts.filter { verified.contains($0.id) }
                    }
                    if counterparts.isEmpty {
                        append(
                            MatrixRow(
                                consumer: pacticipant.name,
                                consumerVersion: consumerVersion,
                                provider: provider.name,
                                providerVersion: nil,
                                missingProviderDescription: missingDescription,
                                pactSHA: publication.sha,
                                pactCreatedAt: publication.createdAt,
                                verification: nil,
                                counterpartIsProvider: true
                            )
                        )
                    }
                    for providerVersion in counterparts {
                        let verification = try await latestVerification(
                            contentID: publication.contentID,
                            providerVersionID: providerVersion.id
                        )
                        append(
                            MatrixRow(
                                consumer: pacticipant.name,
                                consumerVersion: consumerVersion,
                                provider: provider.name,
                                providerVersion: try await matrixVersionCached(providerVersion),
                                pactSHA: publication.sha,
                                pactCreatedAt: publication.createdAt,
                                verification: verification.map {
                                    MatrixVerification(number: $0.id, success: $0.success, verifiedAt: $0.createdAt)
                                },
                                counterpartIsProvider: true
                            )
                        )
                    }
                }
                // As provider: consumers in scope (specified, or inferred from the destination) must be verified.
                let consumerIDs = try await db.raw(
                    "SELECT DISTINCT consumer_id FROM pact_publications WHERE provider_id = \(bind: pacticipant.id)"
                ).all().map { try $0.decode(column: "consumer_id", as: Int.self) }
                for consumerID in consumerIDs {
                    guard let consumer = try await self.pacticipant(id: consumerID) else { continue }
                    // Every version of the consumer is selected too: the consumer side above already gave each of
                    // its pacts with the verifications that exist.
                    if everyVersion.contains(consumer.id) { continue }
                    var consumerVersions = specifiedVersions(of: consumer.id)
                    if consumerVersions == nil {
                        consumerVersions = try await destinationVersions(of: consumer, query.destination)
                    }
                    if consumerVersions == nil {
                        // No destination: the latest consumer version whose pact this provider version verified.
                        let verified = try await verifications(
                            "vr.provider_version_id = \(bind: version.id) AND vr.consumer_id = \(bind: consumer.id)"
                        )
                        var latest: VersionRecord?
                        for verification in verified {
                            let pubs = try await publications(
                                "pp.pact_content_id = \(bind: verification.contentID) AND pp.provider_id = \(bind: pacticipant.id) AND pp.consumer_id = \(bind: consumer.id)"
                            )
                            if let first = pubs.first, first.consumerVersionID > (latest?.id ?? -1) {
                                latest = try await self.version(id: first.consumerVersionID)
                            }
                        }
                        consumerVersions = latest.map { [$0] } ?? []
                    }
                    for consumerVersion in consumerVersions ?? [] {
                        guard
                            let publication = try await publication(
                                consumerVersionID: consumerVersion.id,
                                providerID: pacticipant.id
                            )
                        else { continue }
                        let verification = try await latestVerification(
                            contentID: publication.contentID,
                            providerVersionID: version.id
                        )
                        append(
                            MatrixRow(
                                consumer: consumer.name,
                                consumerVersion: try await matrixVersionCached(consumerVersion),
                                provider: pacticipant.name,
                                providerVersion: try await matrixVersionCached(version),
                                pactSHA: publication.sha,
                                pactCreatedAt: publication.createdAt,
                                verification: verification.map {
                                    MatrixVerification(number: $0.id, success: $0.success, verifiedAt: $0.createdAt)
                                },
                                counterpartIsProvider: false
                            )
                        )
                    }
                }
            }
        }
        return (resolved, rows)
    }
}

extension MatrixSelector {
    /// Whether the selector stands for every version (with a tag or on a branch at most), not one version.
    var selectsEveryVersion: Bool { version == nil && !latest && !mainBranch && environment == nil }
}

extension MatrixDestination {
    var isEnvironment: Bool {
        if case .environment = self { return true }
        return false
    }
}
