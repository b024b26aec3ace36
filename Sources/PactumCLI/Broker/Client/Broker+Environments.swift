import ArgumentParser
import PactumBrokerClient
import PactumCore

/// `pactum create-environment`.
struct CreateEnvironment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-environment",
        abstract:
            "Create an environment resource in the Pact Broker to represent a real world deployment or release environment."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: .long, help: "The uniquely identifying name of the environment as used in deployment code.")
    var name: String
    @Option(name: .long, help: "The display name of the environment.")
    var displayName: String?
    @Flag(inversion: .prefixedNo, help: "Whether or not this environment is a production environment.")
    var production = false
    @Option(name: .long, help: "The name of the team/person responsible for this environment.")
    var contactName: String?
    @Option(name: .long, help: "The email address of the team/person responsible for this environment.")
    var contactEmailAddress: String?
    @Option(name: [.customShort("o"), .long], help: "text, json or id.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let created = try await broker.client().createEnvironment(
                EnvironmentProperties(
                    name: name,
                    displayName: displayName,
                    production: production,
                    contactName: contactName,
                    contactEmailAddress: contactEmailAddress
                )
            )
            EnvironmentOutput.print(created, output: output, verb: "Created")
        }
    }
}

/// `pactum update-environment`: the properties given replace those of the environment; the others are kept.
struct UpdateEnvironment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-environment",
        abstract: "Update an environment resource in the Pact Broker."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: .long, help: "The UUID of the environment to update.")
    var uuid: String
    @Option(name: .long, help: "The uniquely identifying name of the environment as used in deployment code.")
    var name: String?
    @Option(name: .long, help: "The display name of the environment.")
    var displayName: String?
    @Flag(inversion: .prefixedNo, help: "Whether or not this environment is a production environment.")
    var production: Bool?
    @Option(name: .long, help: "The name of the team/person responsible for this environment.")
    var contactName: String?
    @Option(name: .long, help: "The email address of the team/person responsible for this environment.")
    var contactEmailAddress: String?
    @Option(name: [.customShort("o"), .long], help: "text, json or id.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let client = try broker.client()
            let existing = try await client.environment(uuid: uuid)
            let contact = existing["contacts"]?.arrayValue?.first
            let updated = try await client.updateEnvironment(
                uuid: uuid,
                EnvironmentProperties(
                    name: name ?? existing["name"]?.stringValue ?? "",
                    displayName: displayName ?? existing["displayName"]?.stringValue,
                    production: production ?? existing["production"]?.boolValue ?? false,
                    contactName: contactName ?? contact?["name"]?.stringValue,
                    contactEmailAddress: contactEmailAddress ?? contact?["details"]?["emailAddress"]?.stringValue
                )
            )
            EnvironmentOutput.print(updated, output: output, verb: "Updated")
        }
    }
}

/// `pactum delete-environment`.
struct DeleteEnvironment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-environment",
        abstract: "Delete an environment."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: .long, help: "The UUID of the environment to delete.")
    var uuid: String
    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let deleted = try await broker.client().deleteEnvironment(uuid: uuid)
            if output == .json || output == .pretty { return BrokerCommand.printJSON(deleted) }
            print("Deleted environment \(deleted["name"]?.stringValue ?? uuid) from the Pact Broker.")
        }
    }
}

/// `pactum describe-environment`.
struct DescribeEnvironment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe-environment",
        abstract: "Describe an environment."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: .long, help: "The UUID of the environment to describe.")
    var uuid: String
    @Option(name: [.customShort("o"), .long], help: "text or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let environment = try await broker.client().environment(uuid: uuid)
            if output == .json || output == .pretty { return BrokerCommand.printJSON(environment) }
            print(EnvironmentOutput.describe(environment))
        }
    }
}

/// `pactum list-environments`.
struct ListEnvironments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-environments",
        abstract: "List environments."
    )

    @OptionGroup var broker: BrokerClientOptions
    @Option(name: [.customShort("o"), .long], help: "text (a table) or json.")
    var output: BrokerOutput = .text

    func run() async throws {
        try await BrokerCommand.run {
            let document = try await broker.client().environmentsDocument()
            if output == .json || output == .pretty { return BrokerCommand.printJSON(document) }
            let rows = HAL.embedded("environments", in: document).map { environment in
                [
                    environment["uuid"]?.stringValue ?? "", environment["name"]?.stringValue ?? "",
                    environment["displayName"]?.stringValue ?? "",
                    environment["production"]?.boolValue == true ? "true" : "false",
                ]
            }
            print(TextTable(headers: ["UUID", "NAME", "DISPLAY NAME", "PRODUCTION"], rows: rows).text)
        }
    }
}

enum EnvironmentOutput {
    static func print(_ environment: JSONValue, output: BrokerOutput, verb: String) {
        switch output {
        case .json, .pretty: BrokerCommand.printJSON(environment)
        case .id: Swift.print(environment["uuid"]?.stringValue ?? "")
        case .text, .table:
            let name = environment["name"]?.stringValue ?? ""
            let uuid = environment["uuid"]?.stringValue ?? ""
            Swift.print("\(verb) \(name) environment in the Pact Broker with UUID \(uuid).")
        }
    }

    static func describe(_ environment: JSONValue) -> String {
        var lines = [
            "Name: \(environment["name"]?.stringValue ?? "")",
            "Display name: \(environment["displayName"]?.stringValue ?? "")",
            "Production: \(environment["production"]?.boolValue == true)",
            "UUID: \(environment["uuid"]?.stringValue ?? "")",
        ]
        for contact in environment["contacts"]?.arrayValue ?? [] {
            var text = "Contact: \(contact["name"]?.stringValue ?? "")"
            if let email = contact["details"]?["emailAddress"]?.stringValue { text += " <\(email)>" }
            lines.append(text)
        }
        return lines.joined(separator: "\n")
    }
}
