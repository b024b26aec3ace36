import Foundation

/// One complete HTTP request, as the provider's routes see it.
struct ProviderRequest: Sendable {
    var method: String
    /// The percent-decoded path, without the query.
    var path: String
    /// The query parameters, percent-decoded, in order of appearance per name.
    var query: [String: [String]]
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
