/// A document (OpenAPI, AsyncAPI or pact) that cannot be read or compared.
///
/// `description` names the document and the place: a YAML line and column, a JSON path, an interaction.
public struct ContractDocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Hashable, Sendable {
            case unreadable, invalidSyntax, unsupportedDocument, malformedPact
        }
        fileprivate let base: Base
        /// The file cannot be read.
        public static let unreadable = Code(base: .unreadable)
        /// The text is neither valid YAML nor JSON.
        public static let invalidSyntax = Code(base: .invalidSyntax)
        /// The document is not an OpenAPI 2.0/3.x or AsyncAPI 2/3 document.
        public static let unsupportedDocument = Code(base: .unsupportedDocument)
        /// The pact does not have the shape of a Pact file.
        public static let malformedPact = Code(base: .malformedPact)
        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What was wrong, as a sentence.
    public var message: String
    /// The document's name (a file path) when known.
    public var document: String?
    /// The place: `line 12, column 3`, or a JSON path.
    public var location: String?

    public init(code: Code, message: String, document: String? = nil, location: String? = nil) {
        self.code = code
        self.message = message
        self.document = document
        self.location = location
    }

    public var description: String {
        var text = document.map { "\($0): " } ?? ""
        if let location { text += "\(location): " }
        return text + message
    }

    public static func == (lhs: ContractDocumentError, rhs: ContractDocumentError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
