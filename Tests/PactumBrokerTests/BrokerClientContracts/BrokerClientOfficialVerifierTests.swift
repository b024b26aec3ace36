import Foundation
import PactumCore
import PactumTestSupport
import PactumVerifier
import Testing

@testable import PactumBroker

/// The same contracts through the official `pact verifier`, each interaction on a broker of its own: its provider
/// states set up in-process before the verifier runs, the interaction alone in a pact file (its placeholder path
/// mapped, as the Pact Broker's proxy maps it).
@Suite("The official pact verifier accepts the broker on the official client's contracts")
struct BrokerClientOfficialVerifierTests {
    /// The official verifier sorts query parameters by name, which separates each matrix selector's pacticipant from
    /// its version (`q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=…`): those queries ask another question,
    /// so they are not sent (the Pact Broker's proxy rewrites them back; PactumVerifier keeps the contract's order).
    static func splitsSelectors(_ interaction: JSONValue) -> Bool {
        guard interaction["request"]?["path"]?.stringValue == "/matrix" else { return false }
        let query = interaction["request"]?["query"]?.stringValue ?? ""
        let names = query.split(separator: "&").map { $0.split(separator: "=").first.map(String.init) ?? "" }
        let pacticipants = names.filter { $0.removingPercentEncoding == "q[][pacticipant]" }
        return pacticipants.count > 1
    }

    @Test(arguments: BrokerClientContractTests.files)
    func officialVerifierAcceptsTheBroker(file: String) async throws {
        let url = SharedData.sharedRoot.appendingPathComponent("broker-client-pacts").appendingPathComponent(file)
        try #require(FileManager.default.fileExists(atPath: url.path), "\(url.path) is missing")
        let contract = try JSONParser.parse(String(contentsOf: url, encoding: .utf8))
        let provider = BrokerClientContractTests.provider(of: file)
        let interactions = try ProviderVerifier.interactions(inFiles: [url.path], provider: provider)
        let documents = contract["interactions"]?.arrayValue ?? []
        try #require(documents.count == interactions.count && !documents.isEmpty)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-client-pacts-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var passed = 0
        var failures: [String] = []
        var notSent = 0
        var knownFailures = 0
        for (document, interaction) in zip(documents, interactions) {
            if Self.splitsSelectors(document) {
                notSent += 1
                continue
            }
            var single = document
            if case .object(var members) = single, case .object(var request)? = members["request"],
                let path = request["path"]?.stringValue, let mapped = BrokerClientPlaceholders.paths[path]
            {
                request["path"] = .string(mapped)
                members["request"] = .object(request)
                single = .object(members)
            }
            var pact = contract.objectValue ?? [:]
            pact["interactions"] = [single]
            let pactFile = folder.appendingPathComponent("interaction.json")
            try JSONWriter.compact(.object(pact)).write(to: pactFile, atomically: true, encoding: .utf8)
            let verification = try await ContractBroker.with(.sqlite, ContractBroker.Administration()) {
                broker,
                store in
                let data = BrokerClientTestData(client: BrokerHTTPTestClient(broker), store: store)
                let setUps = BrokerClientProviderStates.setUps(data)
                for state in interaction.interaction.providerStates where !state.name.isEmpty {
                    let setUp = try #require(setUps[state.name], "no set-up for provider state '\(state.name)'")
                    try await setUp()
                }
                return try await PactCLI.verify(
                    pactFile: pactFile,
                    providerPort: broker.port,
                    stateChangeURL: nil,
                    providerName: provider
                )
            }
            if verification.passed {
                passed += 1
            } else if let reason = BrokerClientContractTests.knownFailure(file, interaction) {
                knownFailures += 1
                withKnownIssue("\(file): \(reason)") {
                    Issue.record(Comment(rawValue: "\(file): \(interaction.interaction.description)"))
                }
            } else {
                failures.append("\(interaction.interaction.description):\n\(verification.output)")
            }
        }
        // A conformance line (scripts/test.sh pins it), then what was not sent and why.
        print(
            "broker-client-pacts/\(file) [official pact verifier]: \(passed) passed, \(failures.count + knownFailures) failed"
        )
        print(
            "  (\(file), official pact verifier: \(notSent) matrix queries with paired selectors not sent; it sorts "
                + "query parameters, which splits each pacticipant from its version)"
        )
        for failure in failures { Issue.record(Comment(rawValue: "\(file): \(failure)")) }
    }
}
