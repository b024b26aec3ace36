/// Comparisons run when a request needs them (the matrix, the cross-contract results) rather than waiting for the
/// worker: bounded, so one request never compares more than a few pairs; the rest stay queued (and unknown).
enum CrossContractComparisons {
    /// A consumer pact's content and a provider contract.
    struct Pair: Sendable, Hashable {
        var contentID: Int
        var providerContractID: Int
    }

    /// The most comparisons one request runs itself.
    static let onDemandLimit = 8

    /// Queues the pairs not compared yet and runs up to ``onDemandLimit`` of them now, in the request's transaction
    /// (each outcome is written once: a pair the worker finished meanwhile is left as the worker wrote it).
    static func runOnDemand(pairs: [Pair], _ store: BrokerStore) async throws {
        guard !pairs.isEmpty else { return }
        let known = try await store.comparisons(
            contentIDs: Array(Set(pairs.map(\.contentID))).sorted(),
            providerContractIDs: Array(Set(pairs.map(\.providerContractID))).sorted()
        )
        let done = Set(
            known.filter(\.done).map { Pair(contentID: $0.contentID, providerContractID: $0.providerContractID) }
        )
        var ids: [Int] = []
        for pair in Set(pairs).subtracting(done).sorted(by: {
            ($0.contentID, $0.providerContractID) < ($1.contentID, $1.providerContractID)
        })
        .prefix(onDemandLimit) {
            ids.append(
                try await store.ensureComparison(contentID: pair.contentID, providerContractID: pair.providerContractID)
            )
        }
        for (id, outcome) in ContractComparisonWorker.run(try await store.comparisonJobs(ids: ids)) {
            try await store.recordComparison(id: id, outcome)
        }
    }
}
