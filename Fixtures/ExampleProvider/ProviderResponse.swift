import Foundation

/// One complete HTTP response.
struct ProviderResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A JSON response (`Content-Type: application/json`).
    static func json(
        _ status: Int,
        _ value: some Encodable,
        headers: [(name: String, value: String)] = []
    ) -> ProviderResponse {
        do {
            let body = Array(try encoder.encode(value))
            return ProviderResponse(
                status: status,
                headers: [("Content-Type", "application/json")] + headers,
                body: body
            )
        } catch {
            return .error(500, "could not encode the response: \(error)")
        }
    }

    /// A JSON error response: `{"error": message}`.
    static func error(
        _ status: Int,
        _ message: String,
        headers: [(name: String, value: String)] = []
    ) -> ProviderResponse {
        json(status, ["error": message], headers: headers)
    }

    static let noContent = ProviderResponse(status: 204, headers: [], body: [])
}
