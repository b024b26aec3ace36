import PactumCore

/// One finding of a comparison: an interaction of a consumer contract that the provider's document does not allow
/// (an error), allows only loosely (a warning), or a message it matched (info, AsyncAPI only).
///
/// The codes and locations are those of PactFlow's comparator (`request.body.incompatible`,
/// `[root].interactions[2].response.status`, …), so tools that read its results read these.
public struct ContractComparisonResult: Hashable, Sendable {
    /// How serious a result is: errors make a consumer contract incompatible, warnings do not.
    public enum Kind: String, Hashable, Sendable {
        case error, warning, info
    }

    /// Where in the consumer contract a result points.
    public struct MockDetails: Hashable, Sendable {
        public var interactionDescription: String?
        public var interactionState: String?
        /// A path into the pact, as `[root].interactions[3].request.body.name`.
        public var location: String
        public var value: JSONValue?

        public init(
            interactionDescription: String?,
            interactionState: String?,
            location: String,
            value: JSONValue?
        ) {
            self.interactionDescription = interactionDescription
            self.interactionState = interactionState
            self.location = location
            self.value = value
        }
    }

    /// Where in the provider's document a result points.
    public struct SpecDetails: Hashable, Sendable {
        /// A path into the document, as `[root].paths./pets.get.responses`.
        public var location: String
        public var pathMethod: String?
        public var pathName: String?
        public var value: JSONValue?

        public init(location: String, pathMethod: String? = nil, pathName: String? = nil, value: JSONValue? = nil) {
            self.location = location
            self.pathMethod = pathMethod
            self.pathName = pathName
            self.value = value
        }
    }

    /// The comparator's code, as `response.status.unknown`.
    public var code: String
    public var type: Kind
    /// A sentence saying what does not agree.
    public var message: String
    public var mockDetails: MockDetails?
    public var specDetails: SpecDetails?

    public init(
        code: String,
        type: Kind,
        message: String,
        mockDetails: MockDetails?,
        specDetails: SpecDetails?
    ) {
        self.code = code
        self.type = type
        self.message = message
        self.mockDetails = mockDetails
        self.specDetails = specDetails
    }

    /// The result as the comparator writes it in its JSON result list.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code), "type": .string(type.rawValue), "message": .string(message),
        ]
        if let mock = mockDetails {
            object["mockDetails"] = .object([
                "interactionDescription": mock.interactionDescription.map(JSONValue.string) ?? .null,
                "interactionState": mock.interactionState.map(JSONValue.string) ?? .null,
                "location": .string(mock.location),
                "value": mock.value ?? .null,
            ])
        }
        if let spec = specDetails {
            object["specDetails"] = .object([
                "location": .string(spec.location),
                "pathMethod": spec.pathMethod.map(JSONValue.string) ?? .null,
                "pathName": spec.pathName.map(JSONValue.string) ?? .null,
                "value": spec.value ?? .null,
            ])
        }
        return .object(object)
    }
}

extension Array where Element == ContractComparisonResult {
    /// The results that make a consumer contract incompatible.
    public var errors: [ContractComparisonResult] { filter { $0.type == .error } }
    /// The results that are worth a look but do not make a contract incompatible.
    public var warnings: [ContractComparisonResult] { filter { $0.type == .warning } }
}
