import Foundation
import PactumCore

/// Checks consumer contracts (pacts) against a provider's OpenAPI (2.0, 3.0, 3.1) and/or AsyncAPI (3, or 2) document, as
/// PactFlow's comparator does for bi-directional contract testing.
///
/// Make one comparator per provider document and reuse it: the document is read once, and each schema is prepared
/// the first time an interaction reaches it. A pact is compatible when `compare(pact:name:)` gives no errors.
public struct ContractComparator: Sendable {
    /// The kind of provider document.
    public struct DocumentFormat: Hashable, Sendable {
        fileprivate enum Base: Hashable, Sendable { case openAPI, asyncAPI }
        fileprivate let base: Base
        /// OpenAPI 2.0 (Swagger), 3.0 or 3.1.
        public static let openAPI = DocumentFormat(base: .openAPI)
        /// AsyncAPI 3 (or 2, read as its AsyncAPI 3 equivalent).
        public static let asyncAPI = DocumentFormat(base: .asyncAPI)
    }

    private let openAPI: OpenAPIComparison?
    private let asyncAPI: AsyncAPIComparison?
    private let hasAsyncAPI: Bool

    /// A comparator for an OpenAPI and/or an AsyncAPI document given as YAML or JSON text; the names (file paths) are
    /// for error messages. It throws ``ContractDocumentError``, naming the document and the place, when one cannot be
    /// read.
    public init(
        openAPI: String? = nil,
        openAPIName: String? = nil,
        asyncAPI: String? = nil,
        asyncAPIName: String? = nil
    ) throws(ContractDocumentError) {
        let openAPIDocument = try openAPI.map { text throws(ContractDocumentError) in
            try DocumentLoader.load(text, name: openAPIName)
        }
        let asyncAPIDocument = try asyncAPI.map { text throws(ContractDocumentError) in
            try DocumentLoader.load(text, name: asyncAPIName)
        }
        try self.init(
            openAPIDocument: openAPIDocument,
            openAPIName: openAPIName,
            asyncAPIDocument: asyncAPIDocument,
            asyncAPIName: asyncAPIName
        )
    }

    /// A comparator for one document, as the broker stores provider contracts: content and format.
    public init(document: String, format: DocumentFormat, name: String? = nil) throws(ContractDocumentError) {
        switch format.base {
        case .openAPI: try self.init(openAPI: document, openAPIName: name)
        case .asyncAPI: try self.init(asyncAPI: document, asyncAPIName: name)
        }
    }

    /// A comparator for documents already read into JSON values.
    public init(
        openAPIDocument: JSONValue?,
        openAPIName: String? = nil,
        asyncAPIDocument: JSONValue? = nil,
        asyncAPIName: String? = nil
    ) throws(ContractDocumentError) {
        let schemas = SchemaCache()
        if let document = openAPIDocument {
            let swagger = document["swagger"]?.stringValue == "2.0"
            let openAPI3 = document["openapi"]?.stringValue?.hasPrefix("3.") == true
            guard swagger || openAPI3 else {
                throw ContractDocumentError(
                    code: .unsupportedDocument,
                    message:
                        "not an OpenAPI document: expected `openapi: 3.x` or `swagger: \"2.0\"` at the top level",
                    document: openAPIName
                )
            }
            openAPI = OpenAPIComparison(document: document, schemas: schemas)
        } else {
            openAPI = nil
        }
        if let document = asyncAPIDocument {
            guard let version = document["asyncapi"]?.stringValue, version.hasPrefix("3.") || version.hasPrefix("2.")
            else {
                throw ContractDocumentError(
                    code: .unsupportedDocument,
                    message: "not an AsyncAPI document: expected `asyncapi: 3.x` (or `2.x`) at the top level",
                    document: asyncAPIName
                )
            }
        }
        hasAsyncAPI = asyncAPIDocument != nil
        asyncAPI = AsyncAPIComparison(document: asyncAPIDocument, schemas: schemas)
    }

    /// Compares a pact file's content; the name (a file path) is for error messages. It throws
    /// ``ContractDocumentError`` when the pact is not JSON or not shaped like a pact.
    public func compare(pact: Data, name: String? = nil) throws(ContractDocumentError) -> [ContractComparisonResult] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(pact)
        } catch {
            throw ContractDocumentError(
                code: .invalidSyntax,
                message: "invalid JSON: \(error.message)",
                document: name,
                location: "line \(error.line), column \(error.column)"
            )
        }
        return try compare(pact: value, name: name)
    }

    /// Compares a pact given as a JSON value (a Pact file's content, V2 to V4).
    public func compare(
        pact: JSONValue,
        name: String? = nil
    ) throws(ContractDocumentError) -> [ContractComparisonResult] {
        let interactions = try PactInteraction.parse(pact, name: name)
        var results: [ContractComparisonResult] = []
        for (index, interaction) in interactions.enumerated() {
            switch interaction {
            case .http(let http):
                if hasAsyncAPI && openAPI == nil { continue }
                if let openAPI {
                    results += openAPI.compare(http, index: index)
                } else {
                    results.append(
                        ContractComparisonResult(
                            code: "request.spec.missing",
                            type: .error,
                            message: "No OpenAPI document provided to validate HTTP interaction",
                            mockDetails: ContractComparisonResult.MockDetails(
                                interactionDescription: http.description,
                                interactionState: http.providerState.flatMap { $0.isEmpty ? nil : $0 } ?? "[none]",
                                location: "[root].interactions[\(index)]",
                                value: http.description.map(JSONValue.string)
                            ),
                            specDetails: ContractComparisonResult.SpecDetails(location: "[root]")
                        )
                    )
                }
            case .async(let message):
                if openAPI != nil && !hasAsyncAPI { continue }
                results += asyncAPI?.compare(message, index: index) ?? []
            case .sync(let message):
                if openAPI != nil && !hasAsyncAPI { continue }
                results += asyncAPI?.compare(message, index: index) ?? []
            case .skip:
                continue
            }
        }
        return results
    }
}

/// Prepared schemas by their place in the document, made on first use and shared by every comparison.
final class SchemaCache: @unchecked Sendable {
    private let lock = NSLock()
    private struct Key: Hashable {
        var id: String
        var coerce: Bool
    }

    private var compiled: [Key: CompiledSchema] = [:]
    let patterns = PatternCache()

    func compiled(_ id: String, coerce: Bool, _ make: () -> JSONValue) -> CompiledSchema {
        let key = Key(id: id, coerce: coerce)
        lock.lock()
        if let schema = compiled[key] {
            lock.unlock()
            return schema
        }
        lock.unlock()
        let schema = CompiledSchema(root: make(), coerce: coerce, patterns: patterns)
        lock.lock()
        compiled[key] = schema
        lock.unlock()
        return schema
    }
}
