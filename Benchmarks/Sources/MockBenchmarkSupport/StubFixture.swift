import BenchmarkFixtures
import Foundation
import PactumCore

/// The pact files of the stub server benchmarks, and the requests sent to a stub loaded with them.
///
/// Two kinds, each at any size:
/// - `items`: interaction `i` is ``ItemContract/interaction(_:)`` (a literal path per interaction);
/// - `commerce`: the realistic contract of `ContractGenerator` (regex paths shared by many interactions, paged
///   queries, JSON request bodies, 7 KB per interaction).
///
/// The files are written once and read by both Pactum and the official `pact stub`, so both load the same bytes
/// and answer the same requests.
public struct StubFixture: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case items
        case commerce
    }

    public var kind: Kind
    public var count: Int
    /// The pact file.
    public var pactURL: URL
    /// The requests file (see ``writeRequests(_:to:)``).
    public var requestsURL: URL
    /// The requests sent once the stub is up: up to `sampleSize` interactions' example requests, spread evenly over
    /// the contract (the last interaction included).
    public var requests: [WireRequest]

    /// The most requests in a sample.
    public static let sampleSize = 200

    public static func baseName(kind: Kind, count: Int) -> String { "stub-\(kind.rawValue)-\(count)" }

    /// Writes the pact and its requests file into `directory`.
    public static func write(kind: Kind, count: Int, to directory: URL) throws -> StubFixture {
        let name = baseName(kind: kind, count: count)
        let pactURL = directory.appendingPathComponent(name + ".json")
        let requestsURL = directory.appendingPathComponent(name + "-requests.json")
        let pact: Pact
        switch kind {
        case .items:
            pact = Pact(
                consumer: ItemContract.consumer,
                provider: ItemContract.provider,
                interactions: ItemContract.interactions(count).map(\.interaction),
                specification: .v4
            )
            try Data(pact.jsonText(specification: .v4).utf8).write(to: pactURL)
        case .commerce:
            let contract = ContractGenerator(interactionCount: count).generate().contract
            let data = Data(JSONWriter.pretty(contract).utf8)
            try data.write(to: pactURL)
            pact = try Pact(data: data)
        }
        let interactions = pact.interactions
        let sample = Swift.min(sampleSize, interactions.count)
        var requests: [WireRequest] = []
        for position in 0..<sample {
            let index = sample == 1 ? 0 : position * (interactions.count - 1) / (sample - 1)
            guard case .http(let request, _) = interactions[index].kind else { continue }
            requests.append(wireRequest(for: request))
        }
        try writeRequests(requests, to: requestsURL)
        return StubFixture(kind: kind, count: count, pactURL: pactURL, requestsURL: requestsURL, requests: requests)
    }

    /// The contract's example request on the wire: query parameters and headers in name order, values
    /// percent-encoded (RFC 3986 unreserved characters kept), the body's bytes with its content type.
    public static func wireRequest(for request: HTTPRequest) -> WireRequest {
        var target = request.path
        let query = (request.query ?? [:]).sorted { $0.key < $1.key }
        if !query.isEmpty {
            let pairs = query.flatMap { name, values in values.map { "\(encode(name))=\(encode($0))" } }
            target += "?" + pairs.joined(separator: "&")
        }
        var headers: [(name: String, value: String)] = []
        for (name, values) in (request.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            for value in values { headers.append((name, value)) }
        }
        let body = request.body.isPresent ? request.body.bytes : []
        if !body.isEmpty, !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append(("Content-Type", request.body.contentType ?? "application/json"))
        }
        return WireRequest(method: request.method.uppercased(), target: target, headers: headers, body: body)
    }

    private static func encode(_ text: String) -> String {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
        )
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `{"requests": [{"method", "target", "headers": [[name, value]], "body": text}]}`, read by
    /// `reference/mock_benchmark.py` so both sides send the same bytes.
    public static func writeRequests(_ requests: [WireRequest], to url: URL) throws {
        let entries: [JSONValue] = requests.map { request in
            .object([
                "method": .string(request.method),
                "target": .string(request.target),
                "headers": .array(request.headers.map { .array([.string($0.name), .string($0.value)]) }),
                "body": .string(String(decoding: request.body, as: UTF8.self)),
            ])
        }
        try Data(JSONWriter.pretty(.object(["requests": .array(entries)])).utf8).write(to: url)
    }
}
