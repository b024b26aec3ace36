import Foundation
import PactumCore

/// One interaction of the benchmark contract with the traffic actually sent for it.
public struct MatchCase: Sendable {
    /// The interaction's description (unique in the contract).
    public var description: String
    /// The contract's request.
    public var expectedRequest: HTTPRequest
    /// The contract's response.
    public var expectedResponse: HTTPResponse
    /// What the consumer actually sent.
    public var actualRequest: HTTPRequest
    /// What the provider actually answered.
    public var actualResponse: HTTPResponse
    /// Whether the generator broke the request on purpose.
    public var expectRequestMismatch: Bool
    /// Whether the generator broke the response on purpose.
    public var expectResponseMismatch: Bool

    /// The response body as a message, with the response's body rules, for a like-for-like comparison with
    /// the reference implementation's message matching (which compares bodies the same way).
    public var expectedMessage: Message {
        var rules = MatchingRules()
        rules.categories["body"] = expectedResponse.matchingRules["body"]
        return Message(
            contents: expectedResponse.body,
            metadata: ["contentType": "application/json"],
            matchingRules: rules
        )
    }

    /// The actual response body as a message.
    public var actualMessage: Message {
        Message(contents: actualResponse.body, metadata: ["contentType": "application/json"])
    }
}

/// A fixture problem: the files are missing, unreadable or not what the generator writes.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The benchmark contract (its exact bytes and its parsed form) with the actual traffic for every interaction.
public struct Fixture: Sendable {
    /// File name of the contract inside a fixture directory.
    public static let contractFileName = "benchmark-pact.json"
    /// File name of the actual traffic inside a fixture directory.
    public static let actualFileName = "benchmark-actual.json"

    /// The contract's bytes, as written to disk.
    public var contractData: Data
    /// The parsed contract.
    public var pact: Pact
    /// Every HTTP interaction with its actual traffic, in contract order.
    public var cases: [MatchCase]

    /// Generates the fixture in memory (the same bytes `GenerateFixture` writes).
    public static func generate(_ generator: ContractGenerator = ContractGenerator()) throws -> Fixture {
        let (contract, actual) = generator.generate()
        return try Fixture(contractData: Data(JSONWriter.pretty(contract).utf8), actual: actual)
    }

    /// Loads the fixture files from `directory`.
    public static func load(from directory: URL) throws -> Fixture {
        let contractURL = directory.appendingPathComponent(contractFileName)
        let actualURL = directory.appendingPathComponent(actualFileName)
        guard let contractData = try? Data(contentsOf: contractURL), let actualData = try? Data(contentsOf: actualURL)
        else {
            throw FixtureError(
                "cannot read \(contractURL.path) and \(actualURL.path); "
                    + "run `swift run -c release GenerateFixture DIR` first"
            )
        }
        return try Fixture(contractData: contractData, actual: JSONParser.parse(actualData))
    }

    /// Writes the fixture files into `directory`, creating it if needed.
    public static func write(_ generator: ContractGenerator, to directory: URL) throws {
        let (contract, actual) = generator.generate()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(JSONWriter.pretty(contract).utf8).write(to: directory.appendingPathComponent(contractFileName))
        try Data(JSONWriter.pretty(actual).utf8).write(to: directory.appendingPathComponent(actualFileName))
    }

    init(contractData: Data, actual: JSONValue) throws {
        self.contractData = contractData
        pact = try Pact(data: contractData)
        var actualByDescription: [String: JSONValue] = [:]
        for entry in actual["interactions"]?.arrayValue ?? [] {
            if let description = entry["description"]?.stringValue { actualByDescription[description] = entry }
        }
        var cases: [MatchCase] = []
        for interaction in pact.interactions {
            guard case .http(let request, let response) = interaction.kind else { continue }
            guard let entry = actualByDescription[interaction.description],
                let actualRequest = entry["request"], let actualResponse = entry["response"]
            else {
                throw FixtureError("no actual traffic for interaction '\(interaction.description)'")
            }
            cases.append(
                MatchCase(
                    description: interaction.description,
                    expectedRequest: request,
                    expectedResponse: response,
                    actualRequest: Self.request(from: actualRequest),
                    actualResponse: Self.response(from: actualResponse),
                    expectRequestMismatch: entry["expectRequestMismatch"]?.boolValue ?? false,
                    expectResponseMismatch: entry["expectResponseMismatch"]?.boolValue ?? false
                )
            )
        }
        self.cases = cases
    }

    static func stringLists(_ value: JSONValue?) -> [String: [String]]? {
        guard case .object(let object)? = value else { return nil }
        return object.mapValues { value in value.arrayValue?.compactMap(\.stringValue) ?? [value.stringValue ?? ""] }
    }

    static func body(_ value: JSONValue?) -> Body {
        value.map { Body.json($0) } ?? .missing
    }

    static func request(from json: JSONValue) -> HTTPRequest {
        HTTPRequest(
            method: json["method"]?.stringValue ?? "GET",
            path: json["path"]?.stringValue ?? "/",
            query: stringLists(json["query"]),
            headers: stringLists(json["headers"]),
            body: body(json["body"])
        )
    }

    static func response(from json: JSONValue) -> HTTPResponse {
        HTTPResponse(
            status: json["status"]?.intValue ?? 200,
            headers: stringLists(json["headers"]),
            body: body(json["body"])
        )
    }
}
