import Foundation
import Logging
import NIOPosix
import PactumContracts
import ServiceLifecycle

/// Runs queued comparisons of consumer pacts with provider contracts (bi-directional contract testing), as the
/// webhook worker sends deliveries: claims a small batch with a lease (two brokers on one PostgreSQL never run the
/// same one), compares outside any transaction, records each outcome (idempotent: only a pending comparison is
/// written). Bounded: one batch at a time, one comparison at a time, each provider document read once a batch.
struct ContractComparisonWorker: Sendable {
    var database: BrokerDatabase
    var wakeUp: WebhookWakeUp
    var logger: Logger
    /// The base URL of links in webhook parameters, and the webhook worker to wake when an outcome queued deliveries.
    var baseURL: @Sendable () -> String = { "" }
    var webhookWakeUp: WebhookWakeUp?
    var owner = UUID().uuidString.lowercased()

    static let batchSize = 8
    /// A claimed comparison whose broker died is run by another once its lease ends.
    static let lease: TimeInterval = 300
    /// How long an idle worker waits between looks at the queue when no publication wakes it.
    static let idleInterval: Duration = .seconds(30)

    func run() async {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                if try await runDue() > 0 { continue }
            } catch {
                logger.warning("comparisons: could not read the queue: \(String(reflecting: error))")
            }
            await cancelWhenGracefulShutdown { await wakeUp.wait(timeout: Self.idleInterval) }
        }
    }

    /// Claims and runs one batch; returns how many it ran.
    @discardableResult
    func runDue() async throws -> Int {
        let now = Date()
        let owner = self.owner
        let engine = database.engine
        let jobs = try await database.transaction { db in
            try await BrokerStore(db: db).claimComparisons(
                owner: owner,
                now: BrokerClock.format(now),
                leaseUntil: BrokerClock.format(now.addingTimeInterval(Self.lease)),
                limit: Self.batchSize,
                engine: engine
            )
        }
        let baseURL = self.baseURL()
        for (job, outcome) in zip(jobs, try await Self.runOffLoop(jobs).map(\.1)) {
            let queued = try await database.transaction { db in
                let store = BrokerStore(db: db)
                guard try await store.recordComparison(id: job.id, outcome) else { return false }
                return
                    !(try await WebhookTrigger.comparisonRecorded(
                        store,
                        contract: job.contract,
                        contentID: job.contentID,
                        outcome: outcome,
                        baseURL: baseURL
                    ).isEmpty)
            }
            if queued { webhookWakeUp?.signal() }
        }
        if !jobs.isEmpty { logger.debug("comparisons: ran \(jobs.count)") }
        return jobs.count
    }

    /// One thread of its own for the comparisons: a comparison is CPU work (tens of milliseconds for a big pact),
    /// which must not hold up an event loop (`pactum broker serve` runs tasks on them) nor the blocking pool that
    /// SQLite's statements wait for.
    static let comparisonThread: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    /// ``run(_:)`` on the comparison thread.
    static func runOffLoop(_ jobs: [ContractComparisonJob]) async throws -> [(Int, CrossContractOutcome)] {
        guard !jobs.isEmpty else { return [] }
        return try await comparisonThread.runIfActive { run(jobs) }
    }

    /// Compares each job's pact with its provider contract, reading each provider document once.
    static func run(_ jobs: [ContractComparisonJob]) -> [(Int, CrossContractOutcome)] {
        var comparators: [Int: Result<ContractComparator, ContractDocumentError>] = [:]
        var outcomes: [(Int, CrossContractOutcome)] = []
        for job in jobs {
            let comparator: Result<ContractComparator, ContractDocumentError>
            if let made = comparators[job.providerContractID] {
                comparator = made
            } else {
                comparator = CrossContractOutcome.comparator(for: job.contract)
                comparators[job.providerContractID] = comparator
            }
            outcomes.append((job.id, CrossContractOutcome.compare(pactContent: job.pactContent, with: comparator)))
        }
        return outcomes
    }
}
