import Foundation
import Hummingbird
import PactumCore

extension BrokerUI {
    /// A provider contract (bi-directional contract testing): its operations, the provider's self-verification, and
    /// each consumer contract's comparison with it, errors and warnings listed. Every value is escaped.
    static func providerContract(_ request: BrokerRequest, _ store: BrokerStore) async throws -> Page {
        let provider = try await requirePacticipant(try request.parameters.require("provider"), store)
        let number = try request.parameters.require("version")
        guard let version = try await store.version(pacticipantID: provider.id, number: number),
            let contract = try await store.providerContract(providerVersionID: version.id)
        else {
            throw BrokerError.notFound("No provider contract for \(provider.name) version \(number)")
        }
        let operations = ProviderContractDocument.operations(contract.content)
        let operationRows = operations.map { operation in
            """
            <tr><td><code>\(HTML.escape(operation.method))</code></td><td><code>\(HTML.escape(operation.path))</code></td>\
            <td>\(HTML.escape(operation.summary ?? ""))</td><td>\(HTML.escape(operation.responses.joined(separator: ", ")))</td></tr>
            """
        }.joined()
        let comparisons = try await store.comparisons(providerContractID: contract.id)
        let comparisonCards = comparisons.map { item in
            let verdict = CrossContractVerdict(
                selfVerification: contract.selfVerification.success,
                comparison: item.comparison
            )
            func list(_ key: String) -> String {
                let results = item.comparison.results?[key]?.arrayValue ?? []
                guard !results.isEmpty else { return "" }
                return "<h3>\(key == "errors" ? "Errors" : "Warnings") (\(results.count))</h3><ul>"
                    + results.map { result in
                        let code = result["code"]?.stringValue ?? ""
                        let message = result["message"]?.stringValue ?? ""
                        let location = result["mockDetails"]?["location"]?.stringValue
                        let interaction = result["mockDetails"]?["interactionDescription"]?.stringValue
                        return "<li><code>\(HTML.escape(code))</code> \(HTML.escape(message))"
                            + (interaction.map { " — <em>\(HTML.escape($0))</em>" } ?? "")
                            + (location.map { " <code>\(HTML.escape($0))</code>" } ?? "") + "</li>"
                    }.joined() + "</ul>"
            }
            let pactPath = HTML.path(
                "ui",
                "pacts",
                "provider",
                provider.name,
                "consumer",
                item.consumerName,
                "version",
                item.consumerVersionNumber
            )
            return """
                <div class="card"><h2>\(HTML.link(pactPath, "\(item.consumerName) \(item.consumerVersionNumber)"))</h2>\
                <p>\(HTML.status(VerificationStatus(success: verdict.success))) \(HTML.escape(verdict.status))</p>\
                \(list("errors"))\(list("warnings"))</div>
                """
        }.joined()
        let selfStatus = VerificationStatus(success: contract.selfVerification.success)
        let verifier = [contract.selfVerification.verifier, contract.selfVerification.verifierVersion]
            .compactMap { $0 }.joined(separator: " ")
        let output =
            contract.selfVerification.content.map {
                "<details><summary>Output</summary><pre>\(HTML.escape(String($0.prefix(100_000))))</pre></details>"
            } ?? ""
        let json = HTML.path(
            "contracts",
            "bi-directional",
            "provider",
            provider.name,
            "version",
            number,
            "provider-contract"
        )
        let body = """
            <h1>\(HTML.escape(provider.name)) \(HTML.escape(number)): provider contract</h1>
            <p class="subtitle">\(HTML.escape(contract.specification.uppercased())) document \
            (\(HTML.escape(contract.contentType))) published on \(HTML.shortTime(contract.createdAt)) · \
            <a href="\(json)">JSON</a></p>
            <div class="card"><dl class="kv summary"><dt>Self-verification</dt><dd>\(HTML.status(selfStatus))\
            \(verifier.isEmpty ? "" : " by \(HTML.escape(verifier))")\(output)</dd>
            <dt>Operations</dt><dd>\(operations.count)</dd><dt>Consumer contracts compared</dt><dd>\(comparisons.count)</dd></dl></div>
            <div class="card"><h2>Operations</h2><table><thead><tr><th>Method</th><th>Path</th><th>Summary</th>\
            <th>Responses</th></tr></thead><tbody>\(operationRows)</tbody></table></div>
            \(comparisonCards)
            """
        return Page(title: "\(provider.name) \(number) provider contract", active: "dashboard", body: body)
    }
}
