import Foundation
import PactumBrokerWire
import PactumCore
import Testing

@testable import PactumBroker

/// Pacts-for-verification loads only the candidates a selector can pick and a reduced set of verification results;
/// on a varied history it must select exactly what selecting over every publication and every result selects.
@Suite struct SelectiveCandidateTests {
    static let requests: [PactsForVerificationRequest] = [
        PactsForVerificationRequest(),
        PactsForVerificationRequest(
            consumerVersionSelectors: [ConsumerVersionSelector(mainBranch: true)],
            providerVersionBranch: "main",
            includePendingStatus: true,
            includeWipPactsSince: "2000-01-01"
        ),
        PactsForVerificationRequest(
            consumerVersionSelectors: [
                ConsumerVersionSelector(mainBranch: true), ConsumerVersionSelector(deployedOrReleased: true),
            ],
            providerVersionBranch: "feat-x",
            includePendingStatus: true,
            includeWipPactsSince: "2000-01-01"
        ),
        PactsForVerificationRequest(
            consumerVersionSelectors: [
                ConsumerVersionSelector(branch: "feat-b", fallbackBranch: "main"),
                ConsumerVersionSelector(matchingBranch: true),
            ],
            providerVersionBranch: "feat-a",
            includePendingStatus: true
        ),
        PactsForVerificationRequest(
            consumerVersionSelectors: [
                ConsumerVersionSelector(tag: "prod", latest: true), ConsumerVersionSelector(tag: "test"),
                ConsumerVersionSelector(tag: "none", fallbackTag: "prod", latest: true),
            ],
            providerVersionTags: ["prod", "dev"],
            includePendingStatus: true,
            includeWipPactsSince: "2000-01-01"
        ),
        PactsForVerificationRequest(
            consumerVersionSelectors: [
                ConsumerVersionSelector(deployed: true, environment: "production"),
                ConsumerVersionSelector(released: true), ConsumerVersionSelector(latest: true, consumer: "mobile"),
            ],
            includePendingStatus: true
        ),
    ]

    @Test(arguments: BrokerTestEngine.allCases)
    func selectsWhatSelectingOverEveryPublicationSelects(engine: BrokerTestEngine) async throws {
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
        // Hundreds of inserts in one transaction: set-up work, not a request, so without the 25 s limit (a sanitizer
        // run was seen to take longer).
        try await database.transaction(limited: false) { db in try await seed(BrokerStore(db: db)) }
        for request in requests {
            let (selective, full) = try await database.transaction { db in
                let store = BrokerStore(db: db)
                guard let provider = try await store.pacticipant(named: "api") else {
                    throw BrokerStoreError(message: "the seeded provider is missing")
                }
                let branchCreatedAt =
                    try await request.providerVersionBranch.asyncMap { branch in
                        try await store.branchID(pacticipantID: provider.id, name: branch)?.createdAt
                    } ?? nil
                let (candidates, contentIDs) = try await store.pactCandidates(providerID: provider.id, request: request)
                let evidence = try await store.pendingEvidence(
                    providerID: provider.id,
                    contentIDs: Array(Set(contentIDs.values)).sorted(),
                    providerBranch: request.providerVersionBranch,
                    providerTags: request.providerVersionTags
                )
                let (allCandidates, allContentIDs) = try await store.allPactCandidates(providerID: provider.id)
                let allResults = try await store.successfulVerifications(
                    providerID: provider.id,
                    contentIDs: Array(Set(allContentIDs.values)).sorted()
                )
                #expect(candidates.count < allCandidates.count)
                return (
                    PactSelection.select(
                        request,
                        candidates: candidates,
                        verifications: evidence,
                        providerBranchCreatedAt: branchCreatedAt
                    ),
                    PactSelection.select(
                        request,
                        candidates: allCandidates,
                        verifications: allResults,
                        providerBranchCreatedAt: branchCreatedAt
                    )
                )
            }
            #expect(!full.isEmpty)
            #expect(selective == full, "request \(request)")
        }
    }

    /// Two consumers, 24 versions each on three branches with tags, deployments and releases, contents shared by
    /// three consecutive versions, and provider versions on two branches verifying some of them.
    static func seed(_ store: BrokerStore) async throws {
        let (provider, _) = try await store.ensurePacticipant(named: "api")
        let (other, _) = try await store.ensurePacticipant(named: "other")
        let now = BrokerClock.now()
        for name in ["test", "production"] {
            try await store.insertEnvironment(
                EnvironmentRecord(
                    id: 0,
                    uuid: UUID().uuidString.lowercased(),
                    name: name,
                    displayName: nil,
                    production: name == "production",
                    contacts: nil,
                    createdAt: now,
                    updatedAt: now
                )
            )
        }
        guard let test = try await store.environment(named: "test"),
            let production = try await store.environment(named: "production")
        else { throw BrokerStoreError(message: "the seeded environments are missing") }
        var contents: [Int] = []
        for consumerName in ["web", "mobile"] {
            let (consumer, _) = try await store.ensurePacticipant(named: consumerName)
            for n in 1...24 {
                let (version, _) = try await store.ensureVersion(pacticipantID: consumer.id, number: "\(n)")
                let branch = ["main", "feat-a", "feat-b"][n % 3]
                try await store.addToBranch(pacticipantID: consumer.id, branch: branch, versionID: version.id)
                if n % 4 == 0 { try await store.addTag(versionID: version.id, name: "prod") }
                if n % 2 == 0 { try await store.addTag(versionID: version.id, name: "test") }
                for (target, suffix) in [(provider, ""), (other, "-other")] {
                    let content = try PactContent(
                        json: [
                            "consumer": ["name": .string(consumerName)],
                            "provider": ["name": .string(target.name)],
                            "interactions": [
                                [
                                    "description": .string("request \(n / 3)\(suffix)"),
                                    "request": ["method": "GET", "path": .string("/items/\(n / 3)")],
                                    "response": ["status": 200],
                                ]
                            ],
                            "metadata": ["pactSpecification": ["version": "3.0.0"]],
                        ]
                    )
                    _ = try await store.publish(
                        content: content,
                        consumer: consumer,
                        provider: target,
                        version: version,
                        merge: false
                    )
                    if target == provider { contents.append(try await store.ensureContent(content)) }
                }
                if consumerName == "web", [6, 9, 21].contains(n) {
                    _ = try await store.recordDeployment(
                        version: version,
                        environment: n == 21 ? test : production,
                        applicationInstance: ""
                    )
                }
                if consumerName == "mobile", [8, 12].contains(n) {
                    _ = try await store.recordRelease(version: version, environment: production)
                }
            }
        }
        guard let web = try await store.pacticipant(named: "web") else {
            throw BrokerStoreError(message: "the seeded consumer is missing")
        }
        for k in 1...6 {
            let (providerVersion, _) = try await store.ensureVersion(pacticipantID: provider.id, number: "p\(k)")
            try await store.addToBranch(
                pacticipantID: provider.id,
                branch: k % 2 == 0 ? "main" : "feat-x",
                versionID: providerVersion.id
            )
            if k == 2 { try await store.addTag(versionID: providerVersion.id, name: "prod") }
            for (index, contentID) in Set(contents).sorted().enumerated() where index % 3 == k % 3 || index < 2 {
                _ = try await store.insertVerification(
                    BrokerStore.NewVerification(
                        contentID: contentID,
                        consumerID: web.id,
                        providerID: provider.id,
                        providerVersionID: providerVersion.id,
                        success: (index + k) % 4 != 0,
                        pending: false,
                        wip: false,
                        consumerVersionIDs: []
                    )
                )
            }
        }
    }
}
