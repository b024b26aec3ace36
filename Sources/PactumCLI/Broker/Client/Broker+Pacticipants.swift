import ArgumentParser
import Foundation
import PactumBrokerClient
import PactumCore

/// `pactum create-or-update-pacticipant`.
struct CreateOrUpdatePacticipant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-or-update-pacticipant",
        abstract: "Create a pacticipant with the given name, or update its properties when it exists."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: .long, help: "Pacticipant name.")
    var name: String
    @Option(name: .long, help: "Display name.")
    var displayName: String?
    @Option(name: .long, help: "The main development branch of the pacticipant's repository.")
    var mainBranch: String?
    @Option(name: .long, help: "The repository URL of the pacticipant.")
    var repositoryUrl: String?
    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let (pacticipant, created) = try await broker.client().createOrUpdatePacticipant(
                name: name,
                displayName: displayName,
                mainBranch: mainBranch,
                repositoryURL: repositoryUrl
            )
            if output == .json || output == .pretty { return BrokerCommand.printJSON(pacticipant) }
            print("Pacticipant \"\(name)\" \(created ? "created" : "updated").")
        }
    }
}

/// `pactum describe-pacticipant`.
struct DescribePacticipant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-pacticipant",
        abstract: "Describe a pacticipant."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: .long, help: "Pacticipant name.")
    var name: String
    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let client = try broker.client()
            guard let pacticipant = try await client.pacticipant(named: name) else {
                throw BrokerClientError(
                    code: .notFound,
                    url: client.baseURL,
                    message: "No pacticipant named '\(name)' exists in the broker at \(client.baseURL)."
                )
            }
            if output == .json || output == .pretty { return BrokerCommand.printJSON(pacticipant) }
            var lines = [
                "Name: \(pacticipant["name"]?.stringValue ?? name)",
                "Display name: \(pacticipant["displayName"]?.stringValue ?? "")",
            ]
            if let branch = pacticipant["mainBranch"]?.stringValue { lines.append("Main branch: \(branch)") }
            if let url = pacticipant["repositoryUrl"]?.stringValue { lines.append("Repository URL: \(url)") }
            if let latest = pacticipant["_embedded"]?["latestVersion"]?["number"]?.stringValue {
                lines.append("Latest version: \(latest)")
            }
            print(lines.joined(separator: "\n"))
        }
    }
}

/// `pactum list-pacticipants`.
struct ListPacticipants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-pacticipants",
        abstract: "List pacticipants."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("o"), .long], help: "text (a table) or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let document = try await broker.client().listPacticipants()
            if output == .json || output == .pretty { return BrokerCommand.printJSON(document) }
            let rows = BrokerClient.pacticipants(in: document).map {
                [$0["name"]?.stringValue ?? "", $0["displayName"]?.stringValue ?? ""]
            }
            print(TextTable(headers: ["NAME", "DISPLAY NAME"], rows: rows).text)
        }
    }
}

/// `pactum create-version-tag`.
struct CreateVersionTag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-version-tag",
        abstract: "Add a tag to a pacticipant version."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("a"), .long], help: "The pacticipant name.")
    var pacticipant: String
    @Option(name: [.customShort("e"), .long], help: "The pacticipant version.")
    var version: String
    @Option(name: [.customShort("t"), .long], help: "Tag name (can be repeated, or comma-separated).")
    var tag: [String] = []
    @Flag(name: .long, help: "Create the version if it does not exist.")
    var autoCreateVersion = false
    @Flag(name: [.customShort("g"), .long], help: "Tag with the name of the current git branch.")
    var tagWithGitBranch = false

    func run() async throws {
        var tags = tag.flatMap { $0.split(separator: ",").map(String.init) }
        if tagWithGitBranch {
            guard let branch = VersionProperties.detect().branch else {
                throw ValidationError("--tag-with-git-branch: the git branch could not be found (not a git checkout?).")
            }
            tags.append(branch)
        }
        guard !tags.isEmpty else { throw ValidationError("Give a tag: --tag TAG (or --tag-with-git-branch).") }
        try await BrokerCommand.run {
            try await broker.client().createVersionTags(
                pacticipant: pacticipant,
                version: version,
                tags: tags,
                autoCreateVersion: autoCreateVersion
            )
            for tag in tags { print("Tagged \(pacticipant) version \(version) with tag \(tag).") }
        }
    }
}

/// `pactum describe-version`.
struct DescribeVersion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-version",
        abstract: "Describe a pacticipant version: the given one, or the latest (with a tag)."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("a"), .long], help: "The name of the pacticipant the version belongs to.")
    var pacticipant: String
    @Option(name: [.customShort("e"), .long], help: "The pacticipant version number.")
    var version: String?
    @Option(name: [.customShort("l"), .long], help: "Describe the latest version with this tag.")
    var latest: String?
    @Option(name: .long, help: "Describe the versions of the pacticipant in this environment instead.")
    var environment: String?
    @Flag(name: .long, help: "With --environment: only the versions currently deployed there.")
    var deployed = false
    @Flag(name: .long, help: "With --environment: only the released versions currently supported there.")
    var released = false
    @Option(name: [.customShort("o"), .long], help: "table or json.")
    var output: BrokerOutput = .table

    func validate() throws {
        if environment == nil, deployed || released {
            throw ValidationError("--deployed and --released need --environment ENVIRONMENT.")
        }
    }

    func run() async throws {
        if let environment { return try await describeEnvironmentVersions(environment) }
        try await BrokerCommand.run {
            let document = try await broker.client().describeVersion(
                pacticipant: pacticipant,
                version: version,
                latestTag: latest
            )
            if output == .json || output == .pretty { return BrokerCommand.printJSON(document) }
            let tags = HAL.embedded("tags", in: document).compactMap { $0["name"]?.stringValue }
            var branches = HAL.embedded("branchVersions", in: document).compactMap { $0["name"]?.stringValue }
            if branches.isEmpty {
                branches = HAL.embedded("branches", in: document).compactMap { $0["name"]?.stringValue }
            }
            let environments = HAL.links("pb:deployed-environments", in: document).compactMap {
                $0["name"]?.stringValue
            }
            var row = [
                pacticipant, document["number"]?.stringValue ?? "", branches.joined(separator: ", "),
                tags.joined(separator: ", "),
            ]
            row.append(environments.joined(separator: ", "))
            print(TextTable(headers: ["NAME", "VERSION", "BRANCHES", "TAGS", "DEPLOYED TO"], rows: [row]).text)
        }
    }
}

extension DescribeVersion {
    /// The versions deployed to (and released in) `environment`.
    func describeEnvironmentVersions(_ environment: String) async throws {
        try await BrokerCommand.run {
            let client = try broker.client()
            let both = !deployed && !released
            let deployedVersions =
                deployed || both
                ? try await client.currentlyDeployedVersions(pacticipant: pacticipant, environment: environment) : []
            let releasedVersions =
                released || both
                ? try await client.currentlySupportedReleasedVersions(
                    pacticipant: pacticipant,
                    environment: environment
                )
                : []
            if output == .json || output == .pretty {
                var object: [String: JSONValue] = [:]
                if deployed || both { object["deployedVersions"] = .array(deployedVersions) }
                if released || both { object["releasedVersions"] = .array(releasedVersions) }
                return BrokerCommand.printJSON(.object(object))
            }
            func row(_ item: JSONValue, _ status: String) -> [String] {
                [
                    pacticipant, item["_embedded"]?["version"]?["number"]?.stringValue ?? "", environment, status,
                    item["applicationInstance"]?.stringValue ?? "",
                ]
            }
            let rows = deployedVersions.map { row($0, "deployed") } + releasedVersions.map { row($0, "released") }
            print(
                TextTable(headers: ["NAME", "VERSION", "ENVIRONMENT", "STATUS", "APPLICATION INSTANCE"], rows: rows)
                    .text
            )
        }
    }
}

/// `pactum list-latest-pact-versions`.
struct ListLatestPactVersions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-latest-pact-versions",
        abstract: "List the latest pact of every integration."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("o"), .long], help: "table or json.")
    var output: BrokerOutput = .table

    func run() async throws {
        try await BrokerCommand.run {
            let document = try await broker.client().listLatestPactVersions()
            if output == .json || output == .pretty { return BrokerCommand.printJSON(document) }
            let rows = (document["pacts"]?.arrayValue ?? []).map { pact in
                [
                    pact["_embedded"]?["consumer"]?["name"]?.stringValue ?? "",
                    pact["_embedded"]?["consumer"]?["_embedded"]?["version"]?["number"]?.stringValue ?? "",
                    pact["_embedded"]?["provider"]?["name"]?.stringValue ?? "",
                    pact["createdAt"]?.stringValue ?? "",
                ]
            }
            print(TextTable(headers: ["CONSUMER", "C.VERSION", "PROVIDER", "CREATED AT"], rows: rows).text)
        }
    }
}

/// `pactum get-pacts`.
struct GetPacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get-pacts",
        abstract: "List (and download) the pacts of a provider, from its consumers' main or given branch."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: .long, help: "The provider.")
    var provider: String
    @Option(name: .long, help: "Only the pacts of this consumer.")
    var consumer: String?
    @Option(name: .long, help: "The consumer branch (default: each consumer's main branch).")
    var branch: String?
    @Flag(name: .long, help: "Only the latest pact.")
    var latest = false
    @Flag(name: .long, help: "Download the pacts to --download-dir.")
    var download = false
    @Option(name: .long, help: "Where to download the pacts.")
    var downloadDir = "./pacts"
    @Option(name: [.customShort("o"), .long], help: "table or json.")
    var output: BrokerOutput = .table

    func run() async throws {
        try await BrokerCommand.run {
            let client = try broker.client()
            let document = try await client.getPacts(
                provider: provider,
                consumer: consumer,
                branch: branch,
                latest: latest
            )
            var links = HAL.links("pb:pacts", in: document)
            if links.isEmpty, let href = HAL.href("self", in: document), let consumer = document["consumer"]?["name"] {
                // A single pact (a latest-pact resource): its consumer, its title and its URL.
                let title =
                    HAL.links("self", in: document).first?["name"]
                    ?? .string("Pact between \(consumer) and \(provider)")
                links = [["name": consumer, "title": title, "href": .string(href)]]
            }
            if output == .json || output == .pretty {
                BrokerCommand.printJSON(links.isEmpty ? document : ["pacts": .array(links)])
            } else {
                let rows = links.map {
                    [$0["name"]?.stringValue ?? "", $0["title"]?.stringValue ?? "", $0["href"]?.stringValue ?? ""]
                }
                print(TextTable(headers: ["CONSUMER", "TITLE", "LINK"], rows: rows).text)
            }
            guard download else { return }
            try FileManager.default.createDirectory(atPath: downloadDir, withIntermediateDirectories: true)
            for link in links {
                guard let href = link["href"]?.stringValue else { continue }
                let pact = try await client.fetchPact(url: href)
                let version =
                    HAL.links("pb:consumer-version", in: pact.document).first?["name"]?.stringValue ?? "unknown"
                let name = "\(pact.consumerName ?? "unknown")-\(pact.providerName ?? "unknown")-\(version).json"
                let path = (downloadDir as NSString).appendingPathComponent(name)
                do {
                    try Data(JSONWriter.pretty(pact.document).utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw ContractPublicationError(message: "Could not write \(path): \(error).")
                }
                print("  → \(path)")
            }
        }
    }
}
