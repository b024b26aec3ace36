import ArgumentParser
import Foundation
import PactumBrokerClient
import PactumCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `pactum publish`: publishes pact files to the broker (`POST /contracts/publish`, one request per consumer and
/// provider).
struct Publish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish pacts to the Pact Broker.",
        discussion: """
            Takes pact files, folders (their *.json files) and glob patterns. The consumer and provider names are \
            read from the files; files of the same consumer and provider are merged into one contract. Exits with \
            1 when the broker refuses a contract, 3 when it cannot be reached.
            """
    )

    @OptionGroup var broker: BrokerClientOptions

    @Argument(help: "Pact files, folders of pact files, or glob patterns.")
    var pactFilesDirsOrGlobs: [String] = []

    @Option(name: [.customShort("a"), .long], help: "The consumer application version.")
    var consumerAppVersion: String?

    @Option(name: .long, help: "Repository branch of the consumer version.")
    var branch: String?

    @Flag(
        name: [.customShort("r"), .long],
        help:
            "Detect the commit (as the version when none is given), the branch and the build URL from CI variables or git."
    )
    var autoDetectVersionProperties = false

    @Option(
        name: [.customShort("t"), .long],
        help: "Tag name for the consumer version (can be repeated, or comma-separated)."
    )
    var tag: [String] = []

    @Flag(name: .long, help: "Tag the consumer version with the name of the current git branch.")
    var tagWithGitBranch = false

    @Option(name: .long, help: "The build URL that created the pact.")
    var buildUrl: String?

    @Flag(name: .long, help: "Merge with a pact already published for this consumer version and provider.")
    var merge = false

    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func validate() throws {
        guard !pactFilesDirsOrGlobs.isEmpty else {
            throw ValidationError("Give the pact files to publish: files, folders or glob patterns.")
        }
    }

    func run() async throws {
        let detected =
            autoDetectVersionProperties || tagWithGitBranch ? VersionProperties.detect() : VersionProperties()
        guard let version = consumerAppVersion ?? (autoDetectVersionProperties ? detected.commit : nil) else {
            throw ValidationError(
                "Give the consumer version: --consumer-app-version VERSION (or -r to use the git commit)."
            )
        }
        var tags = tag.flatMap { $0.split(separator: ",").map(String.init) }
        if tagWithGitBranch {
            guard let branch = detected.branch else {
                throw ValidationError("--tag-with-git-branch: the git branch could not be found (not a git checkout?).")
            }
            tags.append(branch)
        }
        try await BrokerCommand.run {
            let files = try PactFiles.resolve(pactFilesDirsOrGlobs)
            let contracts = try files.map { file -> ContractPublication.Contract in
                guard let data = FileManager.default.contents(atPath: file),
                    let text = String(data: data, encoding: .utf8)
                else {
                    throw ContractPublicationError(message: "Could not read the pact file \(file).")
                }
                return try ContractPublication.Contract(pactText: text, file: file, merge: merge)
            }
            let publications = ContractPublication.grouped(
                contracts,
                version: version,
                branch: branch ?? (autoDetectVersionProperties ? detected.branch : nil),
                tags: tags,
                buildURL: buildUrl ?? (autoDetectVersionProperties ? detected.buildURL : nil)
            )
            let client = try broker.client()
            var answers: [JSONValue] = []
            for publication in publications {
                let answer = try await client.publish(publication)
                answers.append(answer)
                guard output == .text || output == .table else { continue }
                let notices = (answer["notices"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
                if notices.isEmpty {
                    for contract in publication.contracts {
                        print(
                            "Published the pact between \(contract.consumerName) and \(contract.providerName) for "
                                + "version \(version)."
                        )
                    }
                } else {
                    print(notices.joined(separator: "\n"))
                }
            }
            if output == .json || output == .pretty {
                BrokerCommand.printJSON(answers.count == 1 ? answers[0] : .array(answers))
            }
        }
    }
}

/// Pact files from paths: files as they are, folders' `*.json` files, glob patterns expanded.
enum PactFiles {
    static func resolve(_ arguments: [String]) throws -> [String] {
        var files: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
                if isDirectory.boolValue {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                    files += names.filter { $0.hasSuffix(".json") }.sorted().map {
                        (argument as NSString).appendingPathComponent($0)
                    }
                } else {
                    files.append(argument)
                }
            } else if argument.contains(where: { "*?[".contains($0) }) {
                files += expand(argument)
            } else {
                throw ContractPublicationError(message: "The pact file \(argument) does not exist.")
            }
        }
        guard !files.isEmpty else {
            throw ContractPublicationError(
                message: "No pact files found in \(arguments.joined(separator: ", ")); give pact files or folders."
            )
        }
        return files
    }

    static func expand(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }
    }
}

/// The commit, branch and build URL of the current build, from CI environment variables or git.
struct VersionProperties {
    var commit: String?
    var branch: String?
    var buildURL: String?

    static func detect() -> VersionProperties {
        let env = ProcessInfo.processInfo.environment
        func first(_ names: [String]) -> String? {
            names.lazy.compactMap { env[$0] }.first { !$0.isEmpty }
        }
        var properties = VersionProperties()
        properties.commit =
            first([
                "GITHUB_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "TRAVIS_COMMIT", "GIT_COMMIT", "CI_COMMIT_SHA",
                "BITBUCKET_COMMIT", "APPVEYOR_REPO_COMMIT", "BUILD_SOURCEVERSION", "CI_COMMIT_ID",
            ]) ?? git(["rev-parse", "HEAD"])
        var branch =
            first([
                "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "BUILDKITE_BRANCH", "CIRCLE_BRANCH", "TRAVIS_BRANCH",
                "GIT_BRANCH",
                "BRANCH_NAME", "CI_COMMIT_REF_NAME", "BITBUCKET_BRANCH", "APPVEYOR_REPO_BRANCH",
                "BUILD_SOURCEBRANCHNAME", "CI_BRANCH",
            ]) ?? git(["rev-parse", "--abbrev-ref", "HEAD"]).flatMap { $0 == "HEAD" ? nil : $0 }
        if let value = branch, value.hasPrefix("origin/") { branch = String(value.dropFirst("origin/".count)) }
        properties.branch = branch
        if let server = env["GITHUB_SERVER_URL"], let repository = env["GITHUB_REPOSITORY"],
            let run = env["GITHUB_RUN_ID"]
        {
            properties.buildURL = "\(server)/\(repository)/actions/runs/\(run)"
        } else {
            properties.buildURL = first([
                "BUILDKITE_BUILD_URL", "CIRCLE_BUILD_URL", "TRAVIS_BUILD_WEB_URL", "BUILD_URL", "CI_JOB_URL",
            ])
        }
        return properties
    }

    /// `git arguments…` output, trimmed, or nil when git fails.
    static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

/// The broker client commands, registered both under `pactum broker` and at the top level.
enum BrokerClientCommands {
    static let all: [any ParsableCommand.Type] = [
        Publish.self, CanIDeploy.self, CanIMerge.self, RecordDeployment.self, RecordUndeployment.self,
        RecordRelease.self, RecordSupportEnded.self, CreateEnvironment.self, UpdateEnvironment.self,
        DeleteEnvironment.self, DescribeEnvironment.self, ListEnvironments.self, CreateOrUpdatePacticipant.self,
        DescribePacticipant.self, ListPacticipants.self, CreateVersionTag.self, DescribeVersion.self,
        ListLatestPactVersions.self, GetPacts.self, PublishProviderContract.self,
    ]
}
