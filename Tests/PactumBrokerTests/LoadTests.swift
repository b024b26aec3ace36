import Foundation
import Testing

@testable import PactumBroker

/// 100 concurrent clients publishing contracts and verification results and asking can-i-deploy, against one broker
/// (SQLite file, PostgreSQL) and against two brokers on one PostgreSQL schema; then everything the clients were told
/// is read back and the brokers' counts compared: nothing lost, nothing duplicated, no 5xx.
///
/// `PACTUM_LOAD_OPERATIONS` iterations (300 by default), all of which must run; `PACTUM_LOAD_SECONDS` (60 by
/// default) bounds the time: no new iteration starts after it, and the test then fails for the ones left out.
/// `Benchmarks/run-load-test.sh` runs the full-size version.
@Suite("Load: concurrent clients against the broker", .serialized)
struct LoadTests {
    static func verify(
        _ report: LoadReport,
        settings: LoadSettings,
        brokers: [String],
        http: LoadHTTP
    ) async throws {
        print(report.summary)
        #expect(report.serverErrors.isEmpty, "5xx answers: \(report.serverErrors.prefix(5))")
        #expect(report.failures.isEmpty, "\(report.failures.count) failures, first: \(report.failures.prefix(5))")
        // Every configured iteration ran: a load test that stopped at its time bound (the broker too slow) fails
        // rather than passing on a smaller load.
        #expect(
            report.iterations == settings.iterations,
            "\(report.iterations) of \(settings.iterations) iterations ran within \(settings.seconds) s"
        )
        #expect(report.canIDeployAnswers == report.iterations, "every iteration got its expected can-i-deploy answer")
        let problems = try await LoadDriver.check(report, brokers: brokers, http: http)
        print(
            "LOAD \(report.label): consistency: \(report.publications.count) publications and "
                + "\(report.verifications.count) verifications read back, \(problems.count) differences"
        )
        #expect(problems.isEmpty, "\(problems.count) differences, first: \(problems.prefix(10))")
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func oneBroker(engine: BrokerTestEngine) async throws {
        let settings = LoadSettings.fromEnvironment()
        let label = "one broker, \(engine == .sqlite ? "SQLite file" : "PostgreSQL")"
        let body: (RunningBroker) async throws -> Void = { broker in
            try await LoadHTTP.with(connections: settings.clients + 8) { http in
                let report = await LoadDriver.run(brokers: [broker.url], settings: settings, label: label, http: http)
                try await Self.verify(report, settings: settings, brokers: [broker.url], http: http)
            }
        }
        switch engine {
        case .sqlite:
            // A file, as a deployment has (an in-memory database skips the journal and fsync).
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-load-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let configuration = BrokerServer.Configuration(
                port: 0,
                database: .sqlite(path: folder.appendingPathComponent("broker.sqlite").path)
            )
            try await withBroker(configuration, logger: BrokerTestEngine.logger, body)
        case .postgres:
            try await engine.withTestBroker(body)
        }
    }

    /// The same load against brokers running elsewhere (`Benchmarks/run-load-test.sh` starts release builds of
    /// `pactum broker serve`, as deployed): `PACTUM_LOAD_BROKER_URLS` (one URL, or several separated by spaces: the
    /// clients write to one and read through the next), each broker on a new database; `PACTUM_LOAD_LABEL` names
    /// the configuration in the `LOAD` lines.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PACTUM_LOAD_BROKER_URLS"] != nil))
    func externalBrokers() async throws {
        let environment = ProcessInfo.processInfo.environment
        let brokers = (environment["PACTUM_LOAD_BROKER_URLS"] ?? "").split(separator: " ").map(String.init)
        try #require(!brokers.isEmpty, "PACTUM_LOAD_BROKER_URLS names no broker")
        let settings = LoadSettings.fromEnvironment()
        try await LoadHTTP.with(connections: settings.clients + 8) { http in
            let report = await LoadDriver.run(
                brokers: brokers,
                settings: settings,
                label: environment["PACTUM_LOAD_LABEL"] ?? brokers.joined(separator: " "),
                http: http
            )
            try await Self.verify(report, settings: settings, brokers: brokers, http: http)
        }
    }

    @Test func twoBrokersOnOnePostgresSchema() async throws {
        let settings = LoadSettings.fromEnvironment()
        try await BrokerTestEngine.withTwoPostgresBrokers { first, second in
            try await LoadHTTP.with(connections: settings.clients + 8) { http in
                let brokers = [first.url, second.url]
                let report = await LoadDriver.run(
                    brokers: brokers,
                    settings: settings,
                    label: "two brokers, one PostgreSQL schema",
                    http: http
                )
                try await Self.verify(report, settings: settings, brokers: brokers, http: http)
            }
        }
    }
}
