import ArgumentParser
import Foundation
import Logging
import PactumBroker
import PactumCore

/// `pactum broker clean`: removes old pacticipant versions by keep selectors, like the Pact Broker's clean task.
struct BrokerClean: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove old versions (with their pacts and verification results) that no keep selector selects.",
        discussion: """
            Works directly on the broker's database and is safe while brokers serve it. A version is kept when any \
            --keep selector selects it; versions ever deployed or released are always kept. Without --keep: \
            {"max_age": 90}, {"latest": true}, {"branch": true, "latest": true}, {"tag": true, "latest": true}.
            Selector properties: pacticipant, branch (name or true), tag (name or true), mainBranch, latest, \
            max_age (days), deployed, released.
            """
    )

    @Option(
        name: .customLong("database-url"),
        help: "sqlite:///path/broker.sqlite or postgres://… (default: .pactum/broker.sqlite)."
    )
    var databaseURL: String?

    @Option(
        name: .customLong("keep"),
        help: ArgumentHelp(
            "A keep selector (JSON object or array), e.g. '{\"tag\": \"main\", \"max_age\": 30}'. Repeatable.",
            valueName: "selector"
        )
    )
    var keep: [String] = []

    @Option(help: "The most versions removed in one run (the rest is left for the next run).")
    var limit: Int = 500

    @Flag(name: .customLong("dry-run"), help: "Show what would be removed without changing anything.")
    var dryRun = false

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        for text in keep {
            do { _ = try KeepSelector.parse(text) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        let selectors = keep.isEmpty ? KeepSelector.defaults : try keep.flatMap { try KeepSelector.parse($0) }
        let location = try BrokerDatabaseOption.location(databaseURL)
        var logger = Logger(label: "pactum.broker.clean")
        logger.logLevel = .warning
        let database = try await BrokerDatabaseOption.openExisting(location, command: "clean", logger: logger)
        let report: BrokerCleanReport
        do {
            report = try await database.clean(keep: selectors, limit: limit, dryRun: dryRun)
        } catch {
            try? await database.shutdown()
            throw BrokerDatabaseOption.Failure(message: "The clean of \(location) failed: \(error)")
        }
        try? await database.shutdown()
        switch output {
        case .json: print(JSONWriter.pretty(Self.json(report, selectors: selectors)))
        case .text: print(Self.text(report, selectors: selectors))
        }
    }

    static func text(_ report: BrokerCleanReport, selectors: [KeepSelector]) -> String {
        var lines: [String] = []
        if report.dryRun { lines.append("Dry run: nothing was changed.") }
        lines.append(
            "Keep selectors: " + selectors.map(\.description).joined(separator: ", ") + " (and every "
                + "version ever deployed or released)"
        )
        lines.append("\(report.versions) versions, \(report.keptVersions) kept.")
        let verb = report.dryRun ? "Would remove" : "Removed"
        var removal = "\(verb) \(report.removedVersions.count) version\(report.removedVersions.count == 1 ? "" : "s")"
        if report.remainingCandidates > 0 {
            removal += " (\(report.remainingCandidates) more not kept, left for the next run by --limit)"
        }
        lines.append(removal + (report.removedVersions.isEmpty ? "." : ":"))
        for version in report.removedVersions.prefix(20) {
            lines.append("  \(version.pacticipant) \(version.number) (created \(version.createdAt))")
        }
        if report.removedVersions.count > 20 { lines.append("  … and \(report.removedVersions.count - 20) more") }
        lines.append(
            "\(verb) \(report.removedPublications) pact publications, \(report.removedVerifications) verification "
                + "results and \(report.removedContents) pact contents."
        )
        return lines.joined(separator: "\n")
    }

    static func json(_ report: BrokerCleanReport, selectors: [KeepSelector]) -> JSONValue {
        [
            "dryRun": .bool(report.dryRun),
            "keepSelectors": .array(
                selectors.map { (try? JSONParser.parse($0.description)) ?? .string($0.description) }
            ),
            "versions": .integer(report.versions),
            "keptVersions": .integer(report.keptVersions),
            "removedVersions": .array(
                report.removedVersions.map {
                    [
                        "pacticipant": .string($0.pacticipant), "number": .string($0.number),
                        "createdAt": .string($0.createdAt),
                    ]
                }
            ),
            "remainingCandidates": .integer(report.remainingCandidates),
            "removedPublications": .integer(report.removedPublications),
            "removedVerifications": .integer(report.removedVerifications),
            "removedContents": .integer(report.removedContents),
        ]
    }
}
