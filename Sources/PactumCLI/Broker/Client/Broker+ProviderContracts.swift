import ArgumentParser
import Foundation
import PactumBrokerClient
import PactumCore

/// `pactum publish-provider-contract`: publishes a provider's OpenAPI document and its self-verification result
/// (bi-directional contract testing), with the official `pactflow publish-provider-contract` flags.
struct PublishProviderContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-provider-contract",
        abstract: "Publish a provider contract (an OpenAPI document) and its self-verification result.",
        discussion: """
            The broker compares every consumer contract of the provider with the document; can-i-deploy passes \
            when the comparison finds no errors and the self-verification succeeded. Unlike the official CLI, the \
            self-verification result is sent whenever --verification-success, --no-verification-success or \
            --verification-exit-code is given. Exits with 1 when the broker refuses the contract, 3 when it cannot \
            be reached.
            """
    )

    @OptionGroup var broker: BrokerClientOptions

    @Argument(help: "The provider contract: an OpenAPI document (YAML or JSON).")
    var contractFile: String

    @Option(name: .long, help: "The provider name.")
    var provider: String

    @Option(name: [.customShort("a"), .long], help: "The provider application version.")
    var providerAppVersion: String

    @Option(name: .long, help: "Repository branch of the provider version.")
    var branch: String?

    @Option(
        name: [.customShort("t"), .long],
        help: "Tag name for the provider version (can be repeated, or comma-separated)."
    )
    var tag: [String] = []

    @Option(
        name: .long,
        help: "The contract's content type (default: from the file name; application/yaml or application/json)."
    )
    var contentType: String?

    @Option(name: .long, help: "The contract specification (oas).")
    var specification = "oas"

    @Flag(
        name: .customLong("verification-success"),
        inversion: .prefixedNo,
        help: "Whether the provider's self-verification of the contract passed."
    )
    var verificationSuccess: Bool?

    @Option(
        name: .long,
        help: "The exit code of the self-verification (0 is success), instead of --verification-success."
    )
    var verificationExitCode: Int?

    @Option(name: .long, help: "A file with the self-verification's output.")
    var verificationResults: String?

    @Option(name: .long, help: "The content type of the self-verification output (text/plain, application/json…).")
    var verificationResultsContentType: String?

    @Option(name: .long, help: "The format of the self-verification output (text, junit…).")
    var verificationResultsFormat: String?

    @Option(name: .long, help: "The tool that verified the provider contract.")
    var verifier: String?

    @Option(name: .long, help: "The version of the tool that verified the provider contract.")
    var verifierVersion: String?

    @Option(name: .long, help: "The build URL that produced the contract.")
    var buildUrl: String?

    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func validate() throws {
        if verificationSuccess != nil, verificationExitCode != nil {
            throw ValidationError(
                "Give --verification-success/--no-verification-success or --verification-exit-code, not both."
            )
        }
    }

    /// The self-verification result the flags give, if any.
    var selfVerificationSuccess: Bool? { verificationSuccess ?? verificationExitCode.map { $0 == 0 } }

    func run() async throws {
        try await BrokerCommand.run {
            guard let data = FileManager.default.contents(atPath: contractFile),
                let content = String(data: data, encoding: .utf8)
            else {
                throw ContractPublicationError(message: "Could not read the provider contract \(contractFile).")
            }
            var results: String?
            if let verificationResults {
                guard let data = FileManager.default.contents(atPath: verificationResults) else {
                    throw ContractPublicationError(
                        message: "Could not read the verification results \(verificationResults)."
                    )
                }
                results = String(decoding: data, as: UTF8.self)
            }
            let type =
                contentType ?? (contractFile.lowercased().hasSuffix(".json") ? "application/json" : "application/yaml")
            let tags = tag.flatMap { $0.split(separator: ",").map(String.init) }
            let publication = ProviderContractPublication(
                provider: provider,
                version: providerAppVersion,
                branch: branch,
                tags: tags,
                buildURL: buildUrl,
                content: content,
                contentType: type,
                specification: specification,
                selfVerification: selfVerificationSuccess.map {
                    .init(
                        success: $0,
                        content: results,
                        contentType: verificationResultsContentType,
                        format: verificationResultsFormat,
                        verifier: verifier,
                        verifierVersion: verifierVersion
                    )
                }
            )
            let answer = try await broker.client().publishProviderContract(publication)
            if output == .json || output == .pretty {
                BrokerCommand.printJSON(answer)
            } else {
                let notices = (answer["notices"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
                print(
                    notices.isEmpty
                        ? "Published the provider contract for \(provider) version \(providerAppVersion)."
                        : notices.joined(separator: "\n")
                )
            }
        }
    }
}
