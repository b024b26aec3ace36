import ArgumentParser
import Foundation
import PactumBrokerClient
import PactumBrokerWire
import PactumCore

/// `pactum can-i-deploy`: whether versions can be deployed together (or to an environment), from the broker's matrix.
struct CanIDeploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "can-i-deploy",
        abstract: "Check whether a pacticipant version can be deployed.",
        discussion: """
            Asks the broker's matrix whether the given versions have successful verification results with every \
            version they integrate with: in the environment given with --to-environment, with the latest versions \
            with the tag given with --to, or with the other versions given. Each --version, --latest [TAG], --tag, \
            --branch and --main-branch applies to the --pacticipant before it. Prints the matrix as a table and the \
            reason. Exits with 0 when deployable, 1 when not (or unknown), 3 when the broker cannot be reached.
            """
    )

    @OptionGroup var broker: BrokerClientOptions

    @Option(name: [.customShort("a"), .long], help: "The pacticipant name (once for each pacticipant being checked).")
    var pacticipant: [String] = []

    @Option(name: [.customShort("e"), .long], help: "The version of the pacticipant before it.")
    var version: [String] = []

    @Flag(
        name: [.customShort("l"), .long],
        help: "Use the latest version of the pacticipant before it; `--latest TAG`: the latest with that tag."
    )
    var latest: Int

    @Option(name: .long, help: "The tag of the version of the pacticipant before it.")
    var tag: [String] = []

    @Option(name: .long, help: "The branch of the version of the pacticipant before it.")
    var branch: [String] = []

    @Flag(name: .long, help: "Use the latest version of the main branch of the pacticipant before it.")
    var mainBranch: Int

    @Option(
        name: .long,
        help: """
            A pacticipant to ignore (a --version after it ignores one version only); also \
            PACT_BROKER_CAN_I_DEPLOY_IGNORE, comma-separated.
            """
    )
    var ignore: [String] = []

    @Option(name: .customLong("to-environment"), help: "The environment the pacticipant(s) are to be deployed into.")
    var toEnvironment: String?

    @Option(name: .customLong("to"), help: "The tag of the versions to check against (their latest).")
    var toTag: String?

    @Option(name: [.customShort("o"), .long], help: "json or table.")
    var output: BrokerOutput = .table

    @Option(name: .long, help: "Times to ask again while a verification result is missing (unknown).")
    var retryWhileUnknown: Int = 0

    @Option(name: .long, help: "Seconds between those retries.")
    var retryInterval: Int = 10

    @Flag(
        name: .long,
        help: "Always exit with 0 (also PACT_BROKER_CAN_I_DEPLOY_DRY_RUN=true): report without failing the build."
    )
    var dryRun = false

    @Argument(help: .hidden)
    var latestTags: [String] = []

    func validate() throws {
        guard !pacticipant.isEmpty else { throw ValidationError("Give the pacticipant to check: --pacticipant NAME.") }
        guard latestTags.count <= latest else {
            throw ValidationError(
                "Unexpected argument '\(latestTags[latest])': only --latest takes a value without an option name."
            )
        }
        guard toEnvironment == nil || toTag == nil else {
            throw ValidationError("Give one destination: --to-environment or --to, not both.")
        }
        guard retryWhileUnknown >= 0, retryInterval >= 0 else {
            throw ValidationError("--retry-while-unknown and --retry-interval must be 0 or more.")
        }
    }

    func run() async throws {
        let parsed = MatrixArguments.scan(
            Array(CommandLine.arguments.dropFirst()),
            fallback: pacticipant.enumerated().map { index, name in
                MatrixQuery.Selector(pacticipant: name, version: index < version.count ? version[index] : nil)
            }
        )
        var ignored = parsed.ignore
        if ignored.isEmpty, let names = BrokerClientOptions.environment("PACT_BROKER_CAN_I_DEPLOY_IGNORE") {
            ignored = names.split(separator: ",").map { .init(pacticipant: $0.trimmingCharacters(in: .whitespaces)) }
        }
        let destination: MatrixQuery.Destination? = toEnvironment.map { .environment($0) } ?? toTag.map { .tag($0) }
        let query = MatrixQuery(selectors: parsed.selectors, destination: destination, ignore: ignored)
        let dryRun = dryRun || BrokerClientOptions.environment("PACT_BROKER_CAN_I_DEPLOY_DRY_RUN") == "true"
        try await MatrixReport.run(
            query,
            client: try broker.client(),
            output: output,
            retryWhileUnknown: retryWhileUnknown,
            retryInterval: retryInterval,
            dryRun: dryRun
        )
    }
}

/// `pactum can-i-merge`: whether versions are compatible with the latest versions of the others' main branches.
struct CanIMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "can-i-merge",
        abstract: "Check whether a pacticipant version is compatible with the main branches of the others.",
        discussion: """
            Asks the broker's matrix whether the given versions have successful verification results with the \
            latest version of the main branch of every pacticipant they integrate with. Exits with 0 when they do, \
            1 when not (or unknown), 3 when the broker cannot be reached.
            """
    )

    @OptionGroup var broker: BrokerClientOptions

    @Option(name: [.customShort("a"), .long], help: "The pacticipant name (once for each pacticipant being checked).")
    var pacticipant: [String] = []

    @Option(name: [.customShort("e"), .long], help: "The version of the pacticipant before it.")
    var version: [String] = []

    @Option(name: [.customShort("o"), .long], help: "json or table.")
    var output: BrokerOutput = .table

    @Option(name: .long, help: "Times to ask again while a verification result is missing (unknown).")
    var retryWhileUnknown: Int = 0

    @Option(name: .long, help: "Seconds between those retries.")
    var retryInterval: Int = 10

    @Flag(name: .long, help: "Always exit with 0 (also PACT_BROKER_CAN_I_DEPLOY_DRY_RUN=true).")
    var dryRun = false

    func validate() throws {
        guard !pacticipant.isEmpty else { throw ValidationError("Give the pacticipant to check: --pacticipant NAME.") }
        guard retryWhileUnknown >= 0, retryInterval >= 0 else {
            throw ValidationError("--retry-while-unknown and --retry-interval must be 0 or more.")
        }
    }

    func run() async throws {
        let parsed = MatrixArguments.scan(
            Array(CommandLine.arguments.dropFirst()),
            fallback: pacticipant.enumerated().map { index, name in
                MatrixQuery.Selector(pacticipant: name, version: index < version.count ? version[index] : nil)
            }
        )
        let query = MatrixQuery(selectors: parsed.selectors, destination: .mainBranch)
        let dryRun = dryRun || BrokerClientOptions.environment("PACT_BROKER_CAN_I_DEPLOY_DRY_RUN") == "true"
        try await MatrixReport.run(
            query,
            client: try broker.client(),
            output: output,
            retryWhileUnknown: retryWhileUnknown,
            retryInterval: retryInterval,
            dryRun: dryRun
        )
    }
}

/// The selectors of `can-i-deploy` in command-line order: each `--version`, `--latest [TAG]`, `--tag`, `--branch`
/// and `--main-branch` belongs to the `--pacticipant` (or `--ignore`) before it.
enum MatrixArguments {
    static func scan(
        _ arguments: [String],
        fallback: [MatrixQuery.Selector]
    ) -> (selectors: [MatrixQuery.Selector], ignore: [MatrixQuery.Selector]) {
        var selectors: [MatrixQuery.Selector] = []
        var ignore: [MatrixQuery.Selector] = []
        var lastWasIgnore = false
        var index = 0
        while index < arguments.count {
            var name = arguments[index]
            var inline: String?
            if name.hasPrefix("--"), let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            func value() -> String? {
                if let inline { return inline }
                guard index + 1 < arguments.count else { return nil }
                index += 1
                return arguments[index]
            }
            switch name {
            case "-a", "--pacticipant":
                if let pacticipant = value() { selectors.append(.init(pacticipant: pacticipant)) }
                lastWasIgnore = false
            case "--ignore":
                if let pacticipant = value() { ignore.append(.init(pacticipant: pacticipant)) }
                lastWasIgnore = true
            case "-e", "--version":
                let version = value()
                if lastWasIgnore, !ignore.isEmpty {
                    ignore[ignore.count - 1].version = version
                } else if !selectors.isEmpty {
                    selectors[selectors.count - 1].version = version
                }
            case "-l", "--latest":
                guard !selectors.isEmpty else { break }
                selectors[selectors.count - 1].latest = true
                if let inline {
                    selectors[selectors.count - 1].tag = inline
                } else if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") {
                    index += 1
                    selectors[selectors.count - 1].tag = arguments[index]
                }
            case "--tag":
                let tag = value()
                if !selectors.isEmpty { selectors[selectors.count - 1].tag = tag }
            case "--branch":
                let branch = value()
                if !selectors.isEmpty { selectors[selectors.count - 1].branch = branch }
            case "--main-branch":
                if !selectors.isEmpty { selectors[selectors.count - 1].mainBranch = true }
            default:
                break
            }
            index += 1
        }
        return (selectors.isEmpty ? fallback : selectors, ignore)
    }
}

/// Prints a matrix answer and exits as can-i-deploy does.
enum MatrixReport {
    static func run(
        _ query: MatrixQuery,
        client: BrokerClient,
        output: BrokerOutput,
        retryWhileUnknown: Int,
        retryInterval: Int,
        dryRun: Bool
    ) async throws {
        var result: MatrixResult?
        try await BrokerCommand.run {
            result = try await client.canIDeploy(
                query,
                retryWhileUnknown: retryWhileUnknown,
                retryInterval: .seconds(retryInterval)
            )
        }
        guard let result else { return }
        if output == .json || output == .pretty {
            // As the official client: with JSON output the exit status is 0 whatever the answer (the answer is the
            // document's summary.deployable); only the table output exits 1 on "no".
            BrokerCommand.printJSON(result.document)
            return
        }
        print(text(result, dryRun: dryRun))
        if result.deployable != true, !dryRun { throw ExitCode(1) }
    }

    static func text(_ result: MatrixResult, dryRun: Bool) -> String {
        var lines: [String] = []
        let prefix = dryRun ? "[dry-run] " : ""
        if dryRun { lines.append("[dry-run] Dry run enabled: the exit code is 0 whatever the result.") }
        lines.append(prefix + (result.deployable == true ? "Computer says yes \\o/" : "Computer says no ¯\\_(ツ)_/¯"))
        lines.append("")
        var verificationURLs: [String] = []
        let rows = result.rows.map { row -> [String] in
            var number = ""
            if let url = row.verificationURL {
                verificationURLs.append(url)
                number = String(verificationURLs.count)
            }
            let success = row.success.map { $0 ? "true" : "false" } ?? "???"
            return [
                row.consumer, row.consumerVersion ?? "???", row.provider, row.providerVersion ?? "???",
                row.ignored ? success + " [ignored]" : success, number,
            ]
        }
        lines.append(
            TextTable(
                headers: ["CONSUMER", "C.VERSION", "PROVIDER", "P.VERSION", "SUCCESS?", "RESULT#"],
                rows: rows
            ).text
        )
        if !verificationURLs.isEmpty {
            lines += ["", "VERIFICATION RESULTS", "--------------------"]
            lines += verificationURLs.enumerated().map { "\($0.offset + 1). \($0.element)" }
        }
        lines.append("")
        // The notices carry the reason's parts and the broker's warnings; the reason alone when there are none.
        if result.notices.isEmpty {
            if !result.reason.isEmpty { lines.append(result.reason) }
        } else {
            lines += result.notices.map(\.text)
        }
        return lines.joined(separator: "\n")
    }
}
