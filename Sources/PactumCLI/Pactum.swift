import ArgumentParser

@main
struct Pactum: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pactum",
        abstract: "Consumer-driven contract testing, compatible with Pact.",
        subcommands: [Stub.self]
    )
}
