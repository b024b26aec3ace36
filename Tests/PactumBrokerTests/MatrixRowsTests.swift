import PactumBrokerWire
import Testing

@testable import PactumBroker

/// The matrix rows built from loaded history, without a database.
@Suite struct MatrixRowsTests {
    // Web (consumer, id 1) has a pact with API (provider, id 2); Web 1.0 is version 11, API versions 21, 22.
    static let pact = MatrixHistory.Publication(
        consumerID: 1,
        consumer: "Web",
        consumerVersionID: 11,
        providerID: 2,
        provider: "API",
        contentID: 100,
        sha: "aaa",
        createdAt: "2024-01-01T00:00:00Z"
    )
    static let versions: [Int: MatrixVersion] = [
        11: MatrixVersion(id: 11, number: "1.0", branches: ["main"]),
        21: MatrixVersion(id: 21, number: "p1", environments: ["production"]),
        22: MatrixVersion(id: 22, number: "p2", environments: ["production"]),
    ]
    static let passed = MatrixVerification(number: 7, success: true, verifiedAt: "2024-01-02T00:00:00Z")

    static func web(_ version: String = "1.0") -> MatrixSelector {
        MatrixSelector(pacticipant: "Web", version: version)
    }

    @Test func everyDeployedProviderVersionGivesARowWithItsOwnVerification() {
        let query = MatrixQuery(selectors: [Self.web()], destination: .environment("production"), latestBy: nil)
        var history = MatrixHistory(specified: [.init(selector: Self.web(), pacticipantID: 1, versionIDs: [11])])
        history.pactsOfVersion = [11: [Self.pact]]
        history.destinationVersions = [2: [22, 21]]
        history.verifications = [.init(contentID: 100, providerVersionID: 22): Self.passed]
        history.versions = Self.versions
        let (resolved, rows) = MatrixRows.build(query: query, history: history)
        #expect(resolved == [ResolvedMatrixSelector(selector: Self.web(), versions: [Self.versions[11]!])])
        #expect(rows.map { $0.providerVersion?.number } == ["p2", "p1"])
        #expect(rows.map(\.verification) == [Self.passed, nil])
        #expect(rows.allSatisfy { $0.counterpartIsProvider && $0.pactSHA == "aaa" && $0.consumer == "Web" })
    }

    @Test func noDeployedProviderVersionGivesOneRowSayingWhatIsMissing() {
        let query = MatrixQuery(selectors: [Self.web()], destination: .environment("production"), latestBy: nil)
        var history = MatrixHistory(specified: [.init(selector: Self.web(), pacticipantID: 1, versionIDs: [11])])
        history.pactsOfVersion = [11: [Self.pact]]
        history.versions = Self.versions
        let rows = MatrixRows.build(query: query, history: history).rows
        #expect(rows.count == 1)
        #expect(rows.first?.providerVersion == nil)
        #expect(
            rows.first?.missingProviderDescription
                == "a version of API currently in production (no version is currently recorded as deployed/released in this environment)"
        )
    }

    @Test func withoutADestinationTheLatestVerifierIsTheCounterpart() {
        let query = MatrixQuery(selectors: [Self.web()], destination: nil, latestBy: nil)
        var history = MatrixHistory(specified: [.init(selector: Self.web(), pacticipantID: 1, versionIDs: [11])])
        history.pactsOfVersion = [11: [Self.pact]]
        history.latestVerifier = [100: 21]
        history.verifications = [.init(contentID: 100, providerVersionID: 21): Self.passed]
        history.versions = Self.versions
        let rows = MatrixRows.build(query: query, history: history).rows
        #expect(rows.map { $0.providerVersion?.number } == ["p1"])
        #expect(rows.first?.verification == Self.passed)

        history.latestVerifier = [:]
        let unverified = MatrixRows.build(query: query, history: history).rows
        #expect(unverified.map(\.providerDescription) == ["a version of API"])
    }

    @Test func aSpecifiedProviderVersionSeesTheConsumersInScope() {
        let api = MatrixSelector(pacticipant: "API", version: "p1")
        let query = MatrixQuery(selectors: [api], destination: nil, latestBy: nil)
        var history = MatrixHistory(specified: [.init(selector: api, pacticipantID: 2, versionIDs: [21])])
        history.consumers = [2: [.init(id: 1, name: "Web")]]
        history.latestVerifiedConsumerVersion = [21: [1: 11]]
        history.pactsWithProvider = [.init(consumerVersionID: 11, providerID: 2): Self.pact]
        history.verifications = [.init(contentID: 100, providerVersionID: 21): Self.passed]
        history.versions = Self.versions
        let rows = MatrixRows.build(query: query, history: history).rows
        #expect(rows.count == 1)
        #expect(rows.first?.consumerVersion.number == "1.0")
        #expect(rows.first?.providerVersion?.number == "p1")
        #expect(rows.first?.counterpartIsProvider == false)
        #expect(rows.first?.verification == Self.passed)
    }

    @Test func bothSidesSpecifiedGiveOneRowAndEveryVersionShowsOnlyWhatWasVerified() {
        let api = MatrixSelector(pacticipant: "API", version: "p1")
        let query = MatrixQuery(selectors: [Self.web(), api], destination: nil, latestBy: nil)
        var history = MatrixHistory(specified: [
            .init(selector: Self.web(), pacticipantID: 1, versionIDs: [11]),
            .init(selector: api, pacticipantID: 2, versionIDs: [21]),
        ])
        history.pactsOfVersion = [11: [Self.pact]]
        history.consumers = [2: [.init(id: 1, name: "Web")]]
        history.pactsWithProvider = [.init(consumerVersionID: 11, providerID: 2): Self.pact]
        history.versions = Self.versions
        // The consumer side and the provider side find the same pairing: one row.
        #expect(MatrixRows.build(query: query, history: history).rows.count == 1)

        // Every version of API: on the consumer's side only the versions that verified the pact pair with it.
        let everyAPI = MatrixSelector(pacticipant: "API")
        history.specified[1] = .init(selector: everyAPI, pacticipantID: 2, versionIDs: [22, 21])
        history.verifications = [.init(contentID: 100, providerVersionID: 21): Self.passed]
        let rows = MatrixRows.build(
            query: MatrixQuery(selectors: [Self.web(), everyAPI], destination: nil, latestBy: nil),
            history: history
        ).rows
        #expect(rows.filter(\.counterpartIsProvider).map { $0.providerVersion?.number } == ["p1"])
        #expect(rows.first?.verification == Self.passed)
    }

    /// As the Pact Broker's matrix: Foo v1 and Bar v2 without a destination give the Foo/Bar rows only; with a
    /// destination (or one selector) the other integrations are inferred.
    @Test func twoPacticipantsWithoutADestinationGiveOnlyTheRowsBetweenThem() {
        // Web 1.0 also has a pact with Search (id 3, version 31); API's other consumer is Mobile (id 4, version 41).
        let search = MatrixHistory.Publication(
            consumerID: 1,
            consumer: "Web",
            consumerVersionID: 11,
            providerID: 3,
            provider: "Search",
            contentID: 101,
            sha: "bbb",
            createdAt: "2024-01-01T00:00:00Z"
        )
        let mobile = MatrixHistory.Publication(
            consumerID: 4,
            consumer: "Mobile",
            consumerVersionID: 41,
            providerID: 2,
            provider: "API",
            contentID: 102,
            sha: "ccc",
            createdAt: "2024-01-01T00:00:00Z"
        )
        let api = MatrixSelector(pacticipant: "API", version: "p1")
        var history = MatrixHistory(specified: [
            .init(selector: Self.web(), pacticipantID: 1, versionIDs: [11]),
            .init(selector: api, pacticipantID: 2, versionIDs: [21]),
        ])
        history.pactsOfVersion = [11: [Self.pact, search]]
        history.consumers = [2: [.init(id: 1, name: "Web"), .init(id: 4, name: "Mobile")]]
        history.pactsWithProvider = [
            .init(consumerVersionID: 11, providerID: 2): Self.pact,
            .init(consumerVersionID: 41, providerID: 2): mobile,
        ]
        history.latestVerifier = [101: 31]
        history.latestVerifiedConsumerVersion = [21: [4: 41]]
        history.destinationVersions = [3: [31], 4: [41]]
        history.versions = Self.versions.merging([
            31: MatrixVersion(id: 31, number: "s1"), 41: MatrixVersion(id: 41, number: "m1"),
        ]) { first, _ in first }

        let between = MatrixRows.build(
            query: MatrixQuery(selectors: [Self.web(), api], destination: nil, latestBy: nil),
            history: history
        ).rows
        #expect(between.map { "\($0.consumer)/\($0.provider)" } == ["Web/API"])

        let inferred = MatrixRows.build(
            query: MatrixQuery(selectors: [Self.web(), api], destination: .latest, latestBy: nil),
            history: history
        ).rows
        #expect(Set(inferred.map { "\($0.consumer)/\($0.provider)" }) == ["Web/API", "Web/Search", "Mobile/API"])

        history.specified.removeLast()
        let webOnly = MatrixRows.build(
            query: MatrixQuery(selectors: [Self.web()], destination: nil, latestBy: nil),
            history: history
        ).rows
        #expect(Set(webOnly.map { "\($0.consumer)/\($0.provider)" }) == ["Web/API", "Web/Search"])
    }
}
