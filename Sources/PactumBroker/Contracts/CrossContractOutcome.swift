import Foundation
import PactumContracts
import PactumCore

/// What comparing a consumer pact with a provider contract gave: compatible when the comparator found no errors
/// (warnings do not fail). Pure: the comparator reads the documents and fetches nothing (no remote `$ref`).
struct CrossContractOutcome: Sendable, Hashable {
    static let verifier = "pactum"
    static let verifierVersion = Pactum.version

    var errors: [JSONValue]
    var warnings: [JSONValue]

    var success: Bool { errors.isEmpty }

    /// `{"errors": [...], "warnings": [...]}`, as PactFlow's cross-contract results show them.
    var resultsJSON: JSONValue { ["errors": .array(errors), "warnings": .array(warnings)] }

    init(errors: [JSONValue], warnings: [JSONValue]) {
        self.errors = errors
        self.warnings = warnings
    }

    init(results: [ContractComparisonResult]) {
        errors = results.errors.map(\.json)
        warnings = results.warnings.map(\.json)
    }

    /// An outcome with one error: the documents could not be compared at all.
    static func unreadable(_ code: String, _ message: String) -> CrossContractOutcome {
        CrossContractOutcome(
            errors: [["code": .string(code), "type": "error", "message": .string(message)]],
            warnings: []
        )
    }

    /// The comparator for a stored provider contract (its document read once), or the outcome every pact gets when
    /// the document cannot be read as OpenAPI.
    static func comparator(for contract: ProviderContractRecord) -> Result<ContractComparator, ContractDocumentError> {
        do {
            return .success(
                try ContractComparator(document: contract.content, format: .openAPI, name: "provider contract")
            )
        } catch {
            return .failure(error)
        }
    }

    /// Compares one pact's content (JSON text) with a provider contract's comparator.
    static func compare(
        pactContent: String,
        with comparator: Result<ContractComparator, ContractDocumentError>
    ) -> CrossContractOutcome {
        switch comparator {
        case .failure(let error):
            return .unreadable("provider-contract.unreadable", "The provider contract cannot be compared: \(error)")
        case .success(let comparator):
            do {
                return CrossContractOutcome(results: try comparator.compare(pact: Data(pactContent.utf8), name: "pact"))
            } catch {
                return .unreadable("consumer-contract.unreadable", "The consumer contract cannot be compared: \(error)")
            }
        }
    }
}
