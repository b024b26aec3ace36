import Foundation
import NIOCore
import NIOHTTP1
import PactumCore
import Testing

@testable import PactumBroker

/// What clients publishing in a loop were told, while a fault happens under them.
actor PublishingLoad {
    struct Unavailable: Sendable {
        var seconds: Double
        var answer: LoadHTTP.Answer
    }

    private(set) var stopped = false
    private(set) var attempted: [AckedPublication] = []
    private(set) var acknowledged: [AckedPublication] = []
    private(set) var unavailable: [Unavailable] = []
    /// Anything else: another status, or no answer at all.
    private(set) var unexpected: [String] = []

    func stop() { stopped = true }
    func attempt(_ publication: AckedPublication) { attempted.append(publication) }
    func acknowledge(_ publication: AckedPublication) { acknowledged.append(publication) }
    func refuse(_ item: Unavailable) { unavailable.append(item) }
    func fail(_ text: String) { unexpected.append(text) }

    /// Client `client` publishes new consumer versions to `broker` until stopped; after a 503 it waits 100 ms.
    static func client(_ client: Int, broker: String, run: String, load: PublishingLoad, http: LoadHTTP) async {
        var iteration = 0
        while await !load.stopped {
            iteration += 1
            let publication = AckedPublication(
                consumer: "FaultConsumer\(client % 4)",
                provider: "FaultProvider",
                version: "\(run)-c\(client)-i\(iteration)",
                description: "request \(iteration) of client \(client)"
            )
            let pact = LoadDriver.pact(
                consumer: publication.consumer,
                provider: publication.provider,
                description: publication.description,
                path: "/items/\(client)"
            )
            await load.attempt(publication)
            let started = ContinuousClock.now
            do {
                let answer = try await http.send(
                    .POST,
                    broker + "/contracts/publish",
                    json: LoadDriver.publishBody(publication, pact: pact)
                )
                let seconds = LoadReport.milliseconds(ContinuousClock.now - started) / 1000
                switch answer.status {
                case 200: await load.acknowledge(publication)
                case 503:
                    await load.refuse(Unavailable(seconds: seconds, answer: answer))
                    try? await Task.sleep(for: .milliseconds(100))
                default: await load.fail("\(publication.version): \(answer.status) \(answer.text.prefix(300))")
                }
            } catch {
                await load.fail("\(publication.version): no answer: \(error)")
            }
        }
    }

    /// Polls `condition` every 50 ms for at most `seconds`; throws naming `what` when it does not become true.
    static func wait(
        _ what: String,
        seconds: Int,
        until condition: @Sendable () async -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else {
                throw TestFailure(description: "\(what) did not happen within \(seconds) s")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Reads back every attempted publication from `broker`: each acknowledged one must be there with its content,
    /// and any publication, acknowledged or not, is either whole (version and pact) or absent (neither).
    static func check(_ load: PublishingLoad, broker: String, http: LoadHTTP) async throws -> [String] {
        let acknowledged = Set(await load.acknowledged.map(\.version))
        let attempted = await load.attempted
        var problems: [String] = []
        var present = 0
        for start in stride(from: 0, to: attempted.count, by: 20) {
            let batch = attempted[start..<min(start + 20, attempted.count)]
            let results = await withTaskGroup(of: (String?, Bool).self) { group in
                for item in batch {
                    group.addTask {
                        let consumer = LoadDriver.encode(item.consumer)
                        let version = LoadDriver.encode(item.version)
                        let pactPath =
                            "/pacts/provider/\(LoadDriver.encode(item.provider))/consumer/\(consumer)/version/\(version)"
                        guard let pact = try? await http.send(.GET, broker + pactPath),
                            let versionAnswer = try? await http.send(
                                .GET,
                                broker + "/pacticipants/\(consumer)/versions/\(version)"
                            )
                        else { return ("\(item.version): no answer when reading back", false) }
                        let whole =
                            pact.status == 200
                            && pact.json?["interactions"]?[0]?["description"]?.stringValue == item.description
                        if acknowledged.contains(item.version), !whole {
                            return ("acknowledged \(item.version) is lost or changed: \(pact.status)", false)
                        }
                        if versionAnswer.status == 200, !whole {
                            return (
                                "\(item.version) is half-written: the version exists, its pact \(pact.status)", false
                            )
                        }
                        if pact.status != 200, pact.status != 404 {
                            return ("\(item.version): reading the pact answered \(pact.status)", false)
                        }
                        return (nil, whole)
                    }
                }
                var found: [(String?, Bool)] = []
                for await result in group { found.append(result) }
                return found
            }
            for (problem, whole) in results {
                if let problem { problems.append(problem) }
                if whole { present += 1 }
            }
        }
        let gauges = try await LoadDriver.metricGauges(broker, http: http)
        if gauges["pactum_broker_pact_publications"] != Double(present)
            || gauges["pactum_broker_versions"] != Double(present)
        {
            problems.append(
                "counts: \(gauges["pactum_broker_pact_publications"] ?? -1) publications and "
                    + "\(gauges["pactum_broker_versions"] ?? -1) versions stored, \(present) publications read back"
            )
        }
        print(
            "FAULT: \(attempted.count) publications attempted, \(acknowledged.count) acknowledged, \(present) stored, "
                + "\(problems.count) problems"
        )
        return problems
    }
}

/// PostgreSQL stopped (as by a crash) and started again while 20 clients publish through a broker: during the
/// outage the broker answers 503 with the cause and Retry-After within seconds (not a hang), then reconnects by
/// itself; every acknowledged publication is there afterwards, and nothing is half-written.
///
/// The cluster is a throw-away one of this test (initdb on an unused port), never the shared server.
@Suite("Faults: PostgreSQL restarted under load")
struct BrokerFaultPostgresRestartTests {
    /// The slowest 503 accepted, in seconds (RELIABILITY.md, "Faults": 0.26 to 2.53 s over 20 runs).
    static let slowest503Bound = 6.0

    @Test func theBrokerAnswers503DuringTheOutageAndLosesNoAcknowledgedWrite() async throws {
        let cluster = try await ThrowawayPostgres.start()
        do {
            try await Self.restartUnderLoad(cluster)
        } catch {
            await cluster.destroy()
            throw error
        }
        Self.phase("broker stopped")
        await cluster.destroy()
        Self.phase("cluster destroyed")
    }

    static func phase(_ text: String) {
        FileHandle.standardError.write(Data("FAULT phase: \(text)\n".utf8))
    }

    static func restartUnderLoad(_ cluster: ThrowawayPostgres) async throws {
        let configuration = BrokerServer.Configuration(port: 0, database: try DatabaseLocation(parsing: cluster.url))
        try await withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
            // A request may wait for a pooled connection (10 s) and then run up to the transaction limit (25 s) before
            // it ends in 503, more on a loaded machine: the client waits longer than both.
            try await LoadHTTP.with(connections: 40, timeout: .seconds(90)) { http in
                let load = PublishingLoad()
                let run = String(UUID().uuidString.prefix(8).lowercased())
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for client in 0..<20 {
                        group.addTask {
                            await PublishingLoad.client(client, broker: broker.url, run: run, load: load, http: http)
                        }
                    }
                    do {
                        try await PublishingLoad.wait("20 publications", seconds: 60) {
                            await load.acknowledged.count >= 20
                        }
                        phase("stopping PostgreSQL")
                        try await cluster.stopServer(immediate: true)
                        try await PublishingLoad.wait("10 answers 503 during the outage", seconds: 60) {
                            await load.unavailable.count >= 10
                        }
                        phase("starting PostgreSQL")
                        try await cluster.startServer()
                        let resumed = await load.acknowledged.count
                        try await PublishingLoad.wait("20 publications after the restart", seconds: 60) {
                            await load.acknowledged.count >= resumed + 20
                        }
                    } catch {
                        await load.stop()
                        try? await group.waitForAll()
                        throw error
                    }
                    phase("stopping the clients")
                    await load.stop()
                    try await group.waitForAll()
                    phase("clients stopped")
                }

                let unexpected = await load.unexpected
                #expect(unexpected.isEmpty, "answers other than 200 and 503: \(unexpected.prefix(5))")
                let unavailable = await load.unavailable
                let slowest = unavailable.map(\.seconds).max() ?? 0
                let messages = Set(unavailable.compactMap { $0.answer.json?["error"]?.stringValue })
                print(
                    "FAULT PostgreSQL restart: \(unavailable.count) answers 503, the slowest after "
                        + String(format: "%.2f s", slowest) + "; messages:\n  "
                        + messages.sorted().joined(separator: "\n  ")
                )
                // Bounded near what was measured: the slowest 503 of 20 runs after the transaction guard's fix was
                // 2.53 s (the guard gives a transaction on a closed connection up after 2 s, checking every 250 ms);
                // 6 s leaves room for two shared cores. A request that needed the 20 s request deadline is a failure.
                #expect(slowest < Self.slowest503Bound, "a 503 took \(slowest) s (bound \(Self.slowest503Bound) s)")
                for item in unavailable {
                    #expect(item.answer.headers.first(name: "Retry-After") == "5")
                    let message = item.answer.json?["error"]?.stringValue ?? item.answer.text
                    // Every 503 names the database and its cause (a transaction whose connection closed under it and
                    // that did not end by itself is given up after 2 s), never the request deadline's.
                    #expect(
                        message.contains("The database (\(cluster.url)) is unavailable")
                            && message.contains("The broker reconnects by itself"),
                        "\(message)"
                    )
                }
                let late = unavailable.filter { ($0.answer.json?["error"]?.stringValue ?? "").hasPrefix("The request") }
                #expect(late.isEmpty, "\(late.count) of the 503s came from the request deadline")
                let problems = try await PublishingLoad.check(load, broker: broker.url, http: http)
                phase("checked")
                #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(10))")
            }
        }
    }
}
