import Foundation

extension JSONValue {
    /// The JSON of a `Codable` value (a wire document, a request body), as `JSONEncoder` writes it.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self = try JSONParser.parse(encoder.encode(value))
    }

    /// This JSON read as a `Decodable` type (a wire document from a response).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(JSONWriter.compact(self).utf8))
    }
}
