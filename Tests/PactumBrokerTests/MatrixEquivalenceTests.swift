import Foundation
import PactumBrokerWire
import PactumCore
import SQLKit
import Testing

@testable import PactumBroker

/// The matrix loads its history in a fixed number of set-based queries (`BrokerStore.matrixHistory(_:)`); on a
/// varied history, the rows built from it must be the rows built from the same history loaded the straightforward
/// way, a query per version, pact and verification (`RowByRowMatrixHistory`), for every kind of matrix query.
@Suite struct MatrixEquivalenceTests {
    static let queries: [MatrixQuery] = [
        // The matrix of an integration (every version of both), as the benchmark and the UI ask it.
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "web"), MatrixSelector(pacticipant: "api")],
            destination: nil,
            latestBy: .consumerVersionAndProviderVersion,
            limit: 100
        ),
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "web"), MatrixSelector(pacticipant: "api")],
            destination: nil,
            latestBy: nil,
            limit: 5
        ),
        // can-i-deploy of a consumer version and of a provider version to an environment.
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "web", version: "21")],
            destination: .environment("production"),
            latestBy: .consumerVersionAndProviderVersion
        ),
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "api", version: "p4")],
            destination: .environment("production"),
            latestBy: .consumerVersionAndProviderVersion
        ),
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "web", version: "9")],
            destination: .environment("test"),
            latestBy: .consumerVersionAndProviderVersion
        ),
        // can-i-deploy of the latest with a tag to a tag, to the latest, to the main branch.
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "api", latest: true, tag: "prod")],
            destination: .tag("prod"),
            latestBy: .consumerVersionAndProvider
        ),
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "web", latest: true, tag: "test")],
            destination: .tag("prod"),
            latestBy: .consumerVersionAndProvider
        ),
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "web", version: "24")],
            destination: .latest,
            latestBy: .consumerVersionAndProvider
        ),
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "mobile", version: "23")],
            destination: .mainBranch,
            latestBy: .consumerVersionAndProvider
        ),
        // One version without a destination: the counterparts are inferred from the verifications.
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "web", version: "24")],
            destination: nil,
            latestBy: .consumerVersionAndProvider
        ),
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "api", version: "p6")],
            destination: nil,
            latestBy: .consumerVersionAndProvider
        ),
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "other", version: "o1")],
            destination: nil,
            latestBy: nil
        ),
        // Branches, the main branch and environments as selectors.
        MatrixQuery(
            selectors: [MatrixSelector(pacticipant: "web", branch: "feat-a"), MatrixSelector(pacticipant: "api")],
            destination: nil,
            latestBy: .consumerVersionAndProviderVersion
        ),
        MatrixQuery(
            selectors: [
                MatrixSelector(pacticipant: "mobile", mainBranch: true),
                MatrixSelector(pacticipant: "other", mainBranch: true),
            ],
            destination: nil,
            latestBy: nil
        ),
        MatrixQuery(
            selectors: [
                MatrixSelector(pacticipant: "web", environment: "production"),
                MatrixSelector(pacticipant: "api", environment: "production"),
            ],
            destination: nil,
            latestBy: .consumerVersionAndProviderVersion
        ),
    ]

    @Test(arguments: BrokerTestEngine.allCases)
    func setBasedRowsEqualRowByRowRows(engine: BrokerTestEngine) async throws {
        let schema = BrokerTestEngine.freshSchemaName()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(schema).path
        let location: DatabaseLocation =
            engine == .sqlite
            ? .sqlite(path: folder + "/broker.sqlite")
            : try DatabaseLocation(parsing: BrokerTestEngine.postgresURL())
        let database = try await BrokerDatabase.open(
            location,
            searchPath: engine == .postgres ? schema : nil,
            logger: BrokerTestEngine.logger
        )
        do {
            try await Self.check(database)
        } catch {
            try? await database.shutdown()
            if engine == .postgres { await BrokerTestEngine.dropSchema(schema) }
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        try await database.shutdown()
        if engine == .postgres { await BrokerTestEngine.dropSchema(schema) }
        try? FileManager.default.removeItem(atPath: folder)
    }

    static func check(_ database: BrokerDatabase) async throws {
        try await database.transaction(limited: false) { db in
            let store = BrokerStore(db: db)
            try await SelectiveCandidateTests.seed(store)
            try await seedDeploymentsAndOtherVerifications(store)
        }
        for query in queries {
            let (setBased, rowByRow) = try await database.transaction(limited: false) { db in
                let store = BrokerStore(db: db)
                return (
                    MatrixRows.build(query: query, history: try await store.matrixHistory(query)),
                    MatrixRows.build(query: query, history: try await RowByRowMatrixHistory(store: store).load(query))
                )
            }
            #expect(!rowByRow.rows.isEmpty, "query \(query)")
            #expect(setBased.resolved == rowByRow.resolved, "query \(query)")
            #expect(setBased.rows == rowByRow.rows, "query \(query)")
        }
    }

    /// On top of `SelectiveCandidateTests.seed`: provider versions deployed, released and tagged, and a second
    /// provider whose versions verified some of mobile's pacts (some failing).
    static func seedDeploymentsAndOtherVerifications(_ store: BrokerStore) async throws {
        guard let api = try await store.pacticipant(named: "api"),
            let other = try await store.pacticipant(named: "other"),
            let mobile = try await store.pacticipant(named: "mobile"),
            let production = try await store.environment(named: "production"),
            let test = try await store.environment(named: "test")
        else { throw BrokerStoreError(message: "the seeded history is missing") }
        func apiVersion(_ number: String) async throws -> VersionRecord {
            guard let version = try await store.version(pacticipantID: api.id, number: number) else {
                throw BrokerStoreError(message: "the seeded provider version \(number) is missing")
            }
            return version
        }
        _ = try await store.recordDeployment(
            version: try await apiVersion("p4"),
            environment: production,
            applicationInstance: ""
        )
        _ = try await store.recordDeployment(
            version: try await apiVersion("p3"),
            environment: test,
            applicationInstance: ""
        )
        _ = try await store.recordRelease(version: try await apiVersion("p6"), environment: production)
        try await store.addTag(versionID: try await apiVersion("p5").id, name: "prod")
        for (k, number) in ["o1", "o2"].enumerated() {
            let (version, _) = try await store.ensureVersion(pacticipantID: other.id, number: number)
            try await store.addToBranch(pacticipantID: other.id, branch: "main", versionID: version.id)
            for n in 18...24 where n % 2 == k {
                guard let consumerVersion = try await store.version(pacticipantID: mobile.id, number: "\(n)"),
                    let publication = try await store.publication(
                        consumerVersionID: consumerVersion.id,
                        providerID: other.id
                    )
                else { throw BrokerStoreError(message: "the seeded pact of mobile \(n) is missing") }
                _ = try await store.insertVerification(
                    BrokerStore.NewVerification(
                        contentID: publication.contentID,
                        consumerID: mobile.id,
                        providerID: other.id,
                        providerVersionID: version.id,
                        success: n % 3 != 0,
                        pending: false,
                        wip: false,
                        consumerVersionIDs: []
                    )
                )
            }
        }
    }
}

/// A matrix query's history loaded the straightforward way: every version of a pacticipant read with its branches,
/// tags and environments and filtered here, then a query per version for its pacts, per content for its newest
/// verification, per provider version for what it verified. The reference `BrokerStore.matrixHistory(_:)` is
/// checked against; slow on a long history.
struct RowByRowMatrixHistory {
    let store: BrokerStore

    func load(_ query: MatrixQuery) async throws -> MatrixHistory {
        var history = MatrixHistory(specified: [])
        var pacticipants: [Int: PacticipantRecord] = [:]
        for selector in query.selectors {
            guard let pacticipant = try await store.pacticipant(named: selector.pacticipant) else {
                throw BrokerStoreError(message: "no pacticipant \(selector.pacticipant)")
            }
            pacticipants[pacticipant.id] = pacticipant
            history.specified.append(
                .init(
                    selector: selector,
                    pacticipantID: pacticipant.id,
                    versionIDs: try await versionIDs(selector, of: pacticipant, limit: query.rowLimit)
                )
            )
        }
        let specifiedVersionIDs = Array(Set(history.specified.flatMap(\.versionIDs))).sorted()
        let specifiedPacticipantIDs = Set(history.specified.map(\.pacticipantID))
        if !specifiedVersionIDs.isEmpty {
            for versionID in specifiedVersionIDs {
                let pacts = try await store.publications(
                    "pp.consumer_version_id = \(bind: versionID)",
                    order: "ORDER BY pp.id"
                )
                if !pacts.isEmpty { history.pactsOfVersion[versionID] = pacts.map(Self.publication) }
            }
            for pacticipantID in specifiedPacticipantIDs.sorted() {
                var consumers: [Int: String] = [:]
                for pact in try await store.publications("pp.provider_id = \(bind: pacticipantID)") {
                    consumers[pact.consumerID] = pact.consumerName
                }
                if !consumers.isEmpty {
                    history.consumers[pacticipantID] = consumers.keys.sorted().map {
                        MatrixHistory.Consumer(id: $0, name: consumers[$0] ?? "")
                    }
                }
            }
        }
        let allPacts = history.pactsOfVersion.values.joined()
        let counterparts = Set(allPacts.map(\.providerID) + history.consumers.values.joined().map(\.id))
            .subtracting(specifiedPacticipantIDs)
        let contents = Set(allPacts.map(\.contentID))
        if let destination = query.destination {
            for pacticipantID in counterparts.sorted() {
                guard let pacticipant = try await store.pacticipant(id: pacticipantID) else { continue }
                let versions = try await versions(of: pacticipantID)
                let named: [MatrixVersion] =
                    switch destination {
                    case .environment(let name): versions.filter { $0.environments.contains(name) }
                    case .tag(let tag): Array(versions.filter { $0.tags.contains(tag) }.prefix(1))
                    case .latest: Array(versions.prefix(1))
                    case .mainBranch:
                        Array(versions.filter { v in v.branches.contains(pacticipant.mainBranch ?? "") }.prefix(1))
                    }
                if !named.isEmpty { history.destinationVersions[pacticipantID] = named.map(\.id) }
            }
        } else {
            for contentID in contents.sorted() {
                if let row = try await store.db.raw(
                    """
                    SELECT provider_version_id FROM verifications WHERE pact_content_id = \(bind: contentID)
                    ORDER BY id DESC LIMIT 1
                    """
                ).first() {
                    history.latestVerifier[contentID] = try row.decode(column: "provider_version_id", as: Int.self)
                }
            }
            for versionID in specifiedVersionIDs {
                guard let providerVersion = try await store.version(id: versionID) else { continue }
                for row in try await store.db.raw(
                    "SELECT pact_content_id, consumer_id FROM verifications WHERE provider_version_id = \(bind: versionID)"
                ).all() {
                    let contentID = try row.decode(column: "pact_content_id", as: Int.self)
                    let consumerID = try row.decode(column: "consumer_id", as: Int.self)
                    for pact in try await store.publications(
                        """
                        pp.pact_content_id = \(bind: contentID) AND pp.provider_id = \(bind: providerVersion.pacticipantID)
                        AND pp.consumer_id = \(bind: consumerID)
                        """
                    ) {
                        let known = history.latestVerifiedConsumerVersion[versionID]?[consumerID] ?? Int.min
                        history.latestVerifiedConsumerVersion[versionID, default: [:]][consumerID] = max(
                            known,
                            pact.consumerVersionID
                        )
                    }
                }
            }
        }
        var consumerVersionIDs: Set<Int> = []
        for consumer in history.consumers.values.joined() {
            consumerVersionIDs.formUnion(
                history.specified.filter { $0.pacticipantID == consumer.id }.flatMap(\.versionIDs)
            )
            consumerVersionIDs.formUnion(history.destinationVersions[consumer.id] ?? [])
        }
        consumerVersionIDs.formUnion(history.latestVerifiedConsumerVersion.values.flatMap(\.values))
        for consumerVersionID in consumerVersionIDs.sorted() {
            for providerID in specifiedPacticipantIDs.sorted() {
                if let pact = try await store.publications(
                    "pp.consumer_version_id = \(bind: consumerVersionID) AND pp.provider_id = \(bind: providerID)",
                    order: "ORDER BY pp.id"
                ).first {
                    history.pactsWithProvider[.init(consumerVersionID: consumerVersionID, providerID: providerID)] =
                        Self.publication(pact)
                }
            }
        }
        let verifiedContents = contents.union(history.pactsWithProvider.values.map(\.contentID))
        let providerVersionIDs = Set(
            specifiedVersionIDs + history.destinationVersions.values.joined() + history.latestVerifier.values
        )
        for providerVersionID in providerVersionIDs.sorted() {
            for row in try await store.db.raw(
                """
                SELECT id, pact_content_id, success, created_at FROM verifications
                WHERE provider_version_id = \(bind: providerVersionID) ORDER BY id
                """
            ).all() {
                let contentID = try row.decode(column: "pact_content_id", as: Int.self)
                guard verifiedContents.contains(contentID) else { continue }
                history.verifications[.init(contentID: contentID, providerVersionID: providerVersionID)] =
                    MatrixVerification(
                        number: try row.decode(column: "id", as: Int.self),
                        success: try row.decode(column: "success", as: Int.self) != 0,
                        verifiedAt: try row.decode(column: "created_at", as: String.self)
                    )
            }
        }
        for id in providerVersionIDs.union(consumerVersionIDs).sorted() {
            history.versions[id] = try await version(id)
        }
        return history
    }

    /// The versions a selector names, newest first: every version of the pacticipant, filtered.
    func versionIDs(_ selector: MatrixSelector, of pacticipant: PacticipantRecord, limit: Int) async throws -> [Int] {
        var versions = try await versions(of: pacticipant.id)
        if let number = selector.version { return versions.filter { $0.number == number }.map(\.id) }
        if let environment = selector.environment {
            return versions.filter { $0.environments.contains(environment) }.map(\.id)
        }
        let branch = selector.mainBranch ? pacticipant.mainBranch : selector.branch
        if selector.mainBranch, branch == nil { return [] }
        if let tag = selector.tag { versions = versions.filter { $0.tags.contains(tag) } }
        if let branch { versions = versions.filter { $0.branches.contains(branch) } }
        if selector.latest || selector.mainBranch { return Array(versions.prefix(1).map(\.id)) }
        return Array(versions.prefix(limit).map(\.id))
    }

    /// Every version of a pacticipant, newest first, each read with its branches, tags and environments.
    func versions(of pacticipantID: Int) async throws -> [MatrixVersion] {
        var result: [MatrixVersion] = []
        for record in try await store.versions(pacticipantID: pacticipantID) {
            result.append(try await version(record.id))
        }
        return result
    }

    func version(_ id: Int) async throws -> MatrixVersion {
        guard let record = try await store.version(id: id) else {
            throw BrokerStoreError(message: "no version \(id)")
        }
        var environments: Set<String> = []
        for row in try await store.db.raw(
            """
            SELECT e.name FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
            WHERE d.version_id = \(bind: id) AND d.currently_deployed = 1
            """
        ).all() {
            environments.insert(try row.decode(column: "name", as: String.self))
        }
        for row in try await store.db.raw(
            """
            SELECT e.name FROM released_versions r JOIN environments e ON e.id = r.environment_id
            WHERE r.version_id = \(bind: id) AND r.currently_supported = 1
            """
        ).all() {
            environments.insert(try row.decode(column: "name", as: String.self))
        }
        return MatrixVersion(
            id: id,
            number: record.number,
            branches: try await store.branchNames(versionID: id),
            tags: try await store.tagNames(versionID: id),
            environments: environments.sorted()
        )
    }

    static func publication(_ record: PublicationRecord) -> MatrixHistory.Publication {
        MatrixHistory.Publication(
            consumerID: record.consumerID,
            consumer: record.consumerName,
            consumerVersionID: record.consumerVersionID,
            providerID: record.providerID,
            provider: record.providerName,
            contentID: record.contentID,
            sha: record.sha,
            createdAt: record.createdAt
        )
    }
}
