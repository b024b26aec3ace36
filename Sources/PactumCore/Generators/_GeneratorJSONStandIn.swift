// TEMPORARY stand-in until Generator+JSON.swift lands. Delete when it does.
struct GeneratorError: Error {}
extension Generator {
    init(json: [String: JSONValue]) throws(GeneratorError) { self.init(.unknown(json)) }
    var json: [String: JSONValue] { if case .unknown(let raw) = storage { return raw }; return [:] }
}
