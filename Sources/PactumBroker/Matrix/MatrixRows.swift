import PactumBrokerWire

/// What the rows of a matrix query are built from: the specified versions, and the pacts and verifications around
/// them, loaded by a fixed number of set-based queries (`BrokerStore.matrixHistory(_:)`).
struct MatrixHistory: Sendable, Hashable {
    /// A selector after looking it up: its pacticipant and the ids of the versions it names, newest first.
    struct Specified: Sendable, Hashable {
        var selector: MatrixSelector
        var pacticipantID: Int
        var versionIDs: [Int]
    }

    /// A pact: a consumer version's pact with one provider.
    struct Publication: Sendable, Hashable {
        var consumerID: Int
        var consumer: String
        var consumerVersionID: Int
        var providerID: Int
        var provider: String
        var contentID: Int
        var sha: String
        var createdAt: String
    }

    /// A pact content and the provider version that verified it.
    struct Verified: Sendable, Hashable {
        var contentID: Int
        var providerVersionID: Int
    }

    /// A consumer version and the provider it has a pact with.
    struct Pact: Sendable, Hashable {
        var consumerVersionID: Int
        var providerID: Int
    }

    /// A consumer of a specified provider.
    struct Consumer: Sendable, Hashable {
        var id: Int
        var name: String
    }

    var specified: [Specified]
    /// The pacts of the specified versions (as consumers) by consumer version, in the order they are shown.
    var pactsOfVersion: [Int: [Publication]] = [:]
    /// The consumers of each specified pacticipant (as provider), by id.
    var consumers: [Int: [Consumer]] = [:]
    /// With a destination: the counterpart versions it names, by pacticipant id, newest first.
    var destinationVersions: [Int: [Int]] = [:]
    /// Without a destination: the provider version of the newest verification of each pact content.
    var latestVerifier: [Int: Int] = [:]
    /// Without a destination: for a specified provider version, by consumer id, the newest consumer version whose
    /// pact it verified.
    var latestVerifiedConsumerVersion: [Int: [Int: Int]] = [:]
    /// The pacts of counterpart consumer versions with the specified providers.
    var pactsWithProvider: [Pact: Publication] = [:]
    /// The newest verification of each pact content by each provider version in scope.
    var verifications: [Verified: MatrixVerification] = [:]
    /// Every version a row or a resolved selector shows, by id.
    var versions: [Int: MatrixVersion] = [:]

    /// A provider version's provider contract (bi-directional contract testing).
    struct ProviderContract: Sendable, Hashable {
        var id: Int
        var providerID: Int
        /// The provider's self-verification of its contract; nil when it published none.
        var selfVerification: Bool?
    }

    /// The provider contracts of the provider versions in scope, by provider version id.
    var providerContracts: [Int: ProviderContract] = [:]
    /// The comparisons of pact contents with the provider contracts in scope (pairs without a verification result).
    var comparisons: [Verified: ContractComparisonRecord] = [:]
    /// The bi-directional pairs in scope: a pact content and a provider version with a provider contract of its
    /// provider, without a verification result.
    var comparisonsNeeded: Set<Verified> = []

    /// What a provider version made of a pact content: its newest verification result or, when it has none and
    /// publishes a provider contract, the comparison's verdict (nil, unknown, until the comparison ran).
    func verification(_ key: Verified) -> MatrixVerification? {
        if let verified = verifications[key] { return verified }
        guard let contract = providerContracts[key.providerVersionID], let comparison = comparisons[key] else {
            return nil
        }
        let verdict = CrossContractVerdict(selfVerification: contract.selfVerification, comparison: comparison)
        guard let success = verdict.success else { return nil }
        return MatrixVerification(
            number: comparison.id,
            success: success,
            verifiedAt: comparison.verificationDate ?? "",
            crossContract: true
        )
    }
}

extension MatrixHistory {
    /// Whether the rows are only those between the specified pacticipants: no destination, and two or more of them.
    func onlyBetweenSpecified(_ query: MatrixQuery) -> Bool {
        query.destination == nil && Set(specified.map(\.pacticipantID)).count > 1
    }
}

/// The rows of a matrix query: pure, from the loaded history.
enum MatrixRows {
    /// For each specified version, its pacts with every provider (required) and the pacts of its consumers (when a
    /// consumer version is in scope), against the counterpart versions named by the other selectors or inferred from
    /// the destination. Several counterpart versions (several deployed provider versions) give one row each.
    /// Pacticipants selected by every version (or every version with a tag or on a branch) show the pacts and
    /// verifications that exist, not every pairing. Without a destination, selectors of two or more pacticipants show
    /// only the integrations between them, as the Pact Broker's matrix does (`infer_selectors_for_integrations?` is
    /// false without `latest`, `tag`, `branch`, `environment` or `mainBranch`): Foo v1 and Bar v2 give the Foo/Bar
    /// rows, not Foo's pacts with other providers nor Bar's other consumers.
    static func build(
        query: MatrixQuery,
        history: MatrixHistory
    ) -> (resolved: [ResolvedMatrixSelector], rows: [MatrixRow]) {
        let everyVersion = Set(history.specified.filter { $0.selector.selectsEveryVersion }.map(\.pacticipantID))
        let betweenSpecifiedOnly = history.onlyBetweenSpecified(query)
        let specifiedPacticipants = Set(history.specified.map(\.pacticipantID))
        func inScope(_ counterpartID: Int) -> Bool {
            !betweenSpecifiedOnly || specifiedPacticipants.contains(counterpartID)
        }
        let resolved = history.specified.map { item in
            ResolvedMatrixSelector(
                selector: item.selector,
                versions: item.versionIDs.compactMap { history.versions[$0] }
            )
        }
        // The versions the selectors name, by pacticipant (looked up for every pact: computed once).
        var specifiedByPacticipant: [Int: [Int]] = [:]
        for item in history.specified { specifiedByPacticipant[item.pacticipantID, default: []] += item.versionIDs }
        func specifiedVersions(of pacticipantID: Int) -> [Int]? { specifiedByPacticipant[pacticipantID] }
        var rows: [MatrixRow] = []
        // A row is its consumer version, provider version and pact (a content with a provider); the consumer and
        // provider sides can both find it. Checked before the row is made: thousands of rows for an integration.
        struct RowKey: Hashable {
            var consumerVersionID: Int
            var providerVersionID: Int?
            var providerID: Int
            var contentID: Int
        }
        var seen: Set<RowKey> = []
        func append(_ key: RowKey, _ row: @autoclosure () -> MatrixRow) {
            if seen.insert(key).inserted { rows.append(row()) }
        }
        for item in history.specified {
            for versionID in item.versionIDs {
                guard let version = history.versions[versionID] else { continue }
                // As consumer: every provider of this version's pacts is required.
                for pact in history.pactsOfVersion[versionID] ?? [] where inScope(pact.providerID) {
                    var providerVersions = specifiedVersions(of: pact.providerID)
                    var missingDescription: String?
                    if providerVersions == nil, let destination = query.destination {
                        providerVersions = history.destinationVersions[pact.providerID] ?? []
                        missingDescription =
                            "a version of \(pact.provider) \(destination.counterpartDescription)"
                            + (destination.isEnvironment
                                ? " (no version is currently recorded as deployed/released in this environment)"
                                : "")
                    }
                    if providerVersions == nil {
                        // No destination: the latest provider version that verified this content.
                        if let latest = history.latestVerifier[pact.contentID] {
                            providerVersions = [latest]
                        } else {
                            providerVersions = []
                            missingDescription = "a version of \(pact.provider)"
                        }
                    }
                    var counterparts = (providerVersions ?? []).filter { history.versions[$0] != nil }
                    if everyVersion.contains(pact.providerID) {
                        counterparts = counterparts.filter {
                            history.verification(.init(contentID: pact.contentID, providerVersionID: $0)) != nil
                        }
                    }
                    if counterparts.isEmpty {
                        append(
                            RowKey(
                                consumerVersionID: versionID,
                                providerVersionID: nil,
                                providerID: pact.providerID,
                                contentID: pact.contentID
                            ),
                            MatrixRow(
                                consumer: pact.consumer,
                                consumerVersion: version,
                                provider: pact.provider,
                                providerVersion: nil,
                                missingProviderDescription: missingDescription,
                                pactSHA: pact.sha,
                                pactCreatedAt: pact.createdAt,
                                verification: nil,
                                counterpartIsProvider: true
                            )
                        )
                    }
                    for providerVersionID in counterparts {
                        append(
                            RowKey(
                                consumerVersionID: versionID,
                                providerVersionID: providerVersionID,
                                providerID: pact.providerID,
                                contentID: pact.contentID
                            ),
                            MatrixRow(
                                consumer: pact.consumer,
                                consumerVersion: version,
                                provider: pact.provider,
                                providerVersion: history.versions[providerVersionID],
                                pactSHA: pact.sha,
                                pactCreatedAt: pact.createdAt,
                                verification: history.verification(
                                    .init(contentID: pact.contentID, providerVersionID: providerVersionID)
                                ),
                                counterpartIsProvider: true
                            )
                        )
                    }
                }
                // As provider: consumers in scope (specified, or inferred from the destination) must be verified.
                for consumer in history.consumers[item.pacticipantID] ?? [] where inScope(consumer.id) {
                    // Every version of the consumer is selected too: the consumer side above already gave each of
                    // its pacts with the verifications that exist.
                    if everyVersion.contains(consumer.id) { continue }
                    var consumerVersions = specifiedVersions(of: consumer.id)
                    if consumerVersions == nil, query.destination != nil {
                        consumerVersions = history.destinationVersions[consumer.id] ?? []
                    }
                    if consumerVersions == nil {
                        // No destination: the latest consumer version whose pact this provider version verified.
                        consumerVersions =
                            history.latestVerifiedConsumerVersion[versionID]?[consumer.id].map { [$0] } ?? []
                    }
                    for consumerVersionID in consumerVersions ?? [] {
                        guard
                            let consumerVersion = history.versions[consumerVersionID],
                            let pact = history.pactsWithProvider[
                                .init(consumerVersionID: consumerVersionID, providerID: item.pacticipantID)
                            ]
                        else { continue }
                        append(
                            RowKey(
                                consumerVersionID: consumerVersionID,
                                providerVersionID: versionID,
                                providerID: pact.providerID,
                                contentID: pact.contentID
                            ),
                            MatrixRow(
                                consumer: pact.consumer,
                                consumerVersion: consumerVersion,
                                provider: pact.provider,
                                providerVersion: version,
                                pactSHA: pact.sha,
                                pactCreatedAt: pact.createdAt,
                                verification: history.verification(
                                    .init(contentID: pact.contentID, providerVersionID: versionID)
                                ),
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
