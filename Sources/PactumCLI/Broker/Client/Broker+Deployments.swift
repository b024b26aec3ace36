import ArgumentParser
import PactumBrokerClient
import PactumCore

/// `pactum record-deployment`.
struct RecordDeployment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-deployment",
        abstract: "Record the deployment of a pacticipant version to an environment."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("a"), .long], help: "The name of the pacticipant that was deployed.")
    var pacticipant: String
    @Option(name: [.customShort("e"), .long], help: "The pacticipant version number that was deployed.")
    var version: String
    @Option(name: .long, help: "The name of the environment that the pacticipant version was deployed to.")
    var environment: String
    @Option(
        name: .long,
        help: "The application instance, when several instances of the pacticipant are deployed to the environment."
    )
    var applicationInstance: String?
    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let deployed = try await broker.client().recordDeployment(
                pacticipant: pacticipant,
                version: version,
                environment: environment,
                applicationInstance: applicationInstance
            )
            if output == .json || output == .pretty { return BrokerCommand.printJSON(deployed) }
            let instance = applicationInstance.map { " (application instance \($0))" } ?? ""
            print("Recorded deployment of \(pacticipant) version \(version) to \(environment) environment\(instance).")
        }
    }
}

/// `pactum record-undeployment`.
struct RecordUndeployment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-undeployment",
        abstract: "Record that a pacticipant is no longer deployed to an environment."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("a"), .long], help: "The name of the pacticipant that was undeployed.")
    var pacticipant: String
    @Option(name: .long, help: "The name of the environment that the pacticipant was undeployed from.")
    var environment: String
    @Option(name: .long, help: "The application instance that was undeployed (all of them when not given).")
    var applicationInstance: String?
    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let undeployed = try await broker.client().recordUndeployment(
                pacticipant: pacticipant,
                environment: environment,
                applicationInstance: applicationInstance
            )
            if output == .json || output == .pretty { return BrokerCommand.printJSON(.array(undeployed)) }
            for item in undeployed {
                let version = item["_embedded"]?["version"]?["number"]?.stringValue.map { " version \($0)" } ?? ""
                print("Recorded undeployment of \(pacticipant)\(version) from \(environment) environment.")
            }
        }
    }
}

/// `pactum record-release`.
struct RecordRelease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-release",
        abstract: "Record the release of a pacticipant version to an environment."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("a"), .long], help: "The name of the pacticipant that was released.")
    var pacticipant: String
    @Option(name: [.customShort("e"), .long], help: "The pacticipant version number that was released.")
    var version: String
    @Option(name: .long, help: "The name of the environment that the pacticipant version was released to.")
    var environment: String
    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let released = try await broker.client().recordRelease(
                pacticipant: pacticipant,
                version: version,
                environment: environment
            )
            if output == .json || output == .pretty { return BrokerCommand.printJSON(released) }
            print("Recorded release of \(pacticipant) version \(version) to \(environment) environment.")
        }
    }
}

/// `pactum record-support-ended`.
struct RecordSupportEnded: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-support-ended",
        abstract: "Record the end of support for a released pacticipant version in an environment."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("a"), .long], help: "The name of the pacticipant.")
    var pacticipant: String
    @Option(name: [.customShort("e"), .long], help: "The pacticipant version number whose support ended.")
    var version: String
    @Option(name: .long, help: "The name of the environment in which support ended.")
    var environment: String
    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let changed = try await broker.client().recordSupportEnded(
                pacticipant: pacticipant,
                version: version,
                environment: environment
            )
            if output == .json || output == .pretty { return BrokerCommand.printJSON(.array(changed)) }
            print("Recorded support ended of \(pacticipant) version \(version) in \(environment) environment.")
        }
    }
}
