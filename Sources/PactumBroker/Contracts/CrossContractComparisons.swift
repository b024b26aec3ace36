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
    /// (each outcome is written once: a pair the worker finished meanwhile is left as the worker wrote it). With a
    /// base URL, each recorded outcome raises its webhook events; returns the deliveries queued.
    @discardableResult
    static func runOnDemand(
        pairs: [Pair],
        _ store: BrokerStore,
        baseURL: String? = nil
    ) async throws -> [QueuedWebhookDelivery] {
        guard !pairs.isEmpty else { return [] }
        let known = try await store.comparisons(
            contentIDs: Array(Set(pairs.map(\.contentID))).sorted(),
            providerContractIDs: Array(Set(pairs.map(\.providerContractID))).sorted()
        )
        let done = Set(
            known.filter(\.done).map { Pair(contentID: $0.contentID, providerContractID: $0.providerContractID) }
        )
        let pending = Set(pairs).subtracting(done)
        if !pending.isEmpty { try store.requireWriting() }
        var ids: [Int] = []
        for pair in pending.sorted(by: {
            ($0.contentID, $0.providerContractID) < ($1.contentID, $1.providerContractID)
        })
        .prefix(onDemandLimit) {
            ids.append(
                try await store.ensureComparison(contentID: pair.contentID, providerContractID: pair.providerContractID)
            )
        }
        let jobs = try await store.comparisonJobs(ids: ids)
        var queued: [QueuedWebhookDelivery] = []
        for (job, outcome) in zip(jobs, try await ContractComparisonWorker.runOffLoop(jobs).map(\.1)) {
            guard try await store.recordComparison(id: job.id, outcome), let baseURL else { continue }
            queued += try await WebhookTrigger.comparisonRecorded(
                store,
                contract: job.contract,
                contentID: job.contentID,
                outcome: outcome,
                baseURL: baseURL
            )
        }
        return queued
    }
}
