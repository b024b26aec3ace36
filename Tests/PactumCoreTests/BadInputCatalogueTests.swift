import Foundation
import PactumCore
import Testing

/// The bad-input catalogue for contract files (issue #7, item 3): each broken file is written to disk and read with
/// `Pact(contentsOf:)`, which must throw a ``PactError`` naming the file and, where there is one, the interaction and
/// the field; never crash, never hang.
@Suite("Bad input catalogue: contract files")
struct BadInputCatalogueTests {
    /// One broken contract file and the fragments its error message must contain.
    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        /// Fragments of the error's description, besides the file path (always checked).
        var expected: [String]

        init(_ name: String, _ text: String, expecting expected: [String]) {
            self.name = name
            self.bytes = Array(text.utf8)
            self.expected = expected
        }

        init(_ name: String, bytes: [UInt8], expecting expected: [String]) {
            self.name = name
            self.bytes = bytes
            self.expected = expected
        }

        var testDescription: String { name }
    }

    /// A valid V3 contract with one interaction, for cutting and for substituting pieces.
    static let valid = pact(
        interaction: """
            {"description": "get an order", "providerStates": [{"name": "an order exists"}],
             "request": {"method": "GET", "path": "/orders/1", "query": {"page": ["1"]},
                         "headers": {"Accept": "application/json"}},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                          "body": {"id": 1, "items": [{"sku": "A-1"}]},
                          "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}}}}
            """
    )

    static func pact(interaction: String, version: String = "3.0.0") -> String {
        """
        {"consumer": {"name": "Shop"}, "provider": {"name": "Orders"},
         "interactions": [\(interaction)],
         "metadata": {"pactSpecification": {"version": "\(version)"}}}
        """
    }

    /// An interaction `get an order` with `request` and `response` as given.
    static func interaction(
        request: String = #"{"method": "GET", "path": "/orders/1"}"#,
        response: String = #"{"status": 200}"#,
        extra: String = ""
    ) -> String {
        #"{"description": "get an order", "request": \#(request), "response": \#(response)\#(extra)}"#
    }

    static func rules(_ body: String) -> String {
        interaction(response: #"{"status": 200, "body": {"id": 1}, "matchingRules": {"body": \#(body)}}"#)
    }

    static let cases: [BadFile] = [
        // Not JSON at all, or not whole.
        BadFile("empty file", "", expecting: ["not valid JSON"]),
        BadFile("only whitespace", " \n\t ", expecting: ["not valid JSON"]),
        BadFile("truncated in the middle", String(valid.prefix(valid.count / 2)), expecting: ["not valid JSON"]),
        BadFile("truncated by one byte", String(valid.dropLast()), expecting: ["not valid JSON"]),
        BadFile("trailing garbage", valid + " }", expecting: ["not valid JSON"]),
        BadFile("single quotes", "{'consumer': {'name': 'Shop'}}", expecting: ["not valid JSON"]),
        BadFile("NaN literal", #"{"consumer": NaN}"#, expecting: ["not valid JSON"]),
        BadFile(
            "control character in a string",
            "{\"consumer\": {\"name\": \"a\u{1}b\"}}",
            expecting: ["not valid JSON"]
        ),
        BadFile(
            "invalid UTF-8 in a string",
            bytes: Array(#"{"consumer": {"name": ""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}}"#.utf8),
            expecting: ["not valid JSON"]
        ),
        BadFile(
            "UTF-16 encoded file",
            bytes: [0xFF, 0xFE] + Array("{}".utf8).flatMap { [$0, 0] },
            expecting: ["not valid JSON"]
        ),
        BadFile(
            "arrays nested 100,000 deep",
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            expecting: ["not valid JSON", "deep"]
        ),
        BadFile(
            "objects nested 100,000 deep in a body",
            pact(
                interaction: interaction(
                    response: #"{"status": 200, "body": "#
                        + String(repeating: #"{"a": "#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
                        + "}"
                )
            ),
            expecting: ["not valid JSON", "deep"]
        ),
        // Valid JSON of the wrong shape at the root.
        BadFile("root is an array", "[" + valid + "]", expecting: ["must be a JSON object", "array"]),
        BadFile("root is a string", #""a pact""#, expecting: ["must be a JSON object", "string"]),
        BadFile("root is null", "null", expecting: ["must be a JSON object", "null"]),
        BadFile("root is a number", "42", expecting: ["must be a JSON object", "number"]),
        // Missing or mistyped top-level fields.
        BadFile("no consumer", #"{"provider": {"name": "Orders"}, "interactions": []}"#, expecting: ["'consumer'"]),
        BadFile(
            "consumer name is a number",
            #"{"consumer": {"name": 7}, "provider": {"name": "Orders"}}"#,
            expecting: ["'consumer'", "string 'name'"]
        ),
        BadFile(
            "provider is a string",
            #"{"consumer": {"name": "Shop"}, "provider": "Orders"}"#,
            expecting: ["'provider'", "string 'name'"]
        ),
        BadFile(
            "interactions is an object",
            #"{"consumer": {"name": "Shop"}, "provider": {"name": "Orders"}, "interactions": {}}"#,
            expecting: ["'interactions' must be an array"]
        ),
        BadFile(
            "messages is a string",
            #"{"consumer": {"name": "Shop"}, "provider": {"name": "Orders"}, "messages": "none"}"#,
            expecting: ["'messages' must be an array"]
        ),
        BadFile("an interaction is a string", pact(interaction: #""get an order""#), expecting: ["interactions[0]"]),
        // Mistyped interaction fields: the error names the interaction and the field.
        BadFile(
            "no request",
            pact(interaction: #"{"description": "get an order", "response": {"status": 200}}"#),
            expecting: ["get an order", "interactions[0].request"]
        ),
        BadFile(
            "response is an array",
            pact(interaction: interaction(response: "[]")),
            expecting: ["get an order", "interactions[0].response"]
        ),
        BadFile(
            "method is a number",
            pact(interaction: interaction(request: #"{"method": 1, "path": "/"}"#)),
            expecting: ["get an order", "'method' must be a string"]
        ),
        BadFile(
            "path is an array",
            pact(interaction: interaction(request: #"{"method": "GET", "path": ["/orders"]}"#)),
            expecting: ["get an order", "'path' must be a string"]
        ),
        BadFile(
            "query is a number",
            pact(interaction: interaction(request: #"{"method": "GET", "path": "/", "query": 3}"#)),
            expecting: ["get an order", "'query' must be a string or an object"]
        ),
        BadFile(
            "headers is an array",
            pact(interaction: interaction(request: #"{"method": "GET", "path": "/", "headers": ["Accept"]}"#)),
            expecting: ["get an order", "'headers' must be an object"]
        ),
        BadFile(
            "status is a string",
            pact(interaction: interaction(response: #"{"status": "OK"}"#)),
            expecting: ["get an order", "status"]
        ),
        BadFile(
            "providerStates is an object",
            pact(interaction: interaction(extra: #", "providerStates": {"name": "x"}"#)),
            expecting: ["get an order", "'providerStates' must be an array"]
        ),
        // Matching rules and generators.
        BadFile(
            "matching rule path that does not parse",
            pact(interaction: rules(#"{"$.items[": {"matchers": [{"match": "type"}]}}"#)),
            expecting: ["get an order", "$.items["]
        ),
        BadFile(
            "matchers is an object",
            pact(interaction: rules(#"{"$.id": {"matchers": {"match": "type"}}}"#)),
            expecting: ["get an order", "'matchers' must be an array"]
        ),
        BadFile(
            "matchingRules is an array",
            pact(interaction: interaction(response: #"{"status": 200, "matchingRules": []}"#)),
            expecting: ["get an order", "'matchingRules' must be an object"]
        ),
        // Wrong specification versions for the content.
        BadFile(
            "V4 interaction of an unknown type",
            pact(
                interaction: #"{"type": "Synchronous/Pigeon", "description": "get an order", "request": {}}"#,
                version: "4.0"
            ),
            expecting: ["get an order", "Synchronous/Pigeon"]
        ),
        BadFile(
            "V4 body with invalid base64",
            pact(
                interaction: interaction(
                    response:
                        #"{"status": 200, "body": {"content": "%%%", "encoded": "base64", "contentType": "application/octet-stream"}}"#,
                    extra: #", "type": "Synchronous/HTTP""#
                ),
                version: "4.0"
            ),
            expecting: ["get an order", "base64"]
        ),
    ]

    @Test("a broken contract file gives an error naming the file and what is wrong", arguments: cases)
    func brokenFile(_ file: BadFile) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pactum-bad-input-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(file.name.replacingOccurrences(of: " ", with: "-") + ".json")
        try Data(file.bytes).write(to: url)
        do {
            let pact = try Pact(contentsOf: url)
            Issue.record("\(file.name): read without an error as \(pact.interactions.count) interaction(s)")
        } catch {
            #expect(error.description.hasPrefix(url.path), "\(error.description)")
            for fragment in file.expected {
                #expect(error.description.contains(fragment), "missing '\(fragment)' in: \(error.description)")
            }
        }
    }

    @Test("a missing file and a directory are named in the error")
    func unreadableFiles() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/pact.json")
        let missingError = #expect(throws: PactError.self) { try Pact(contentsOf: missing) }
        #expect(missingError?.description.contains(missing.path) == true)
        #expect(missingError?.description.contains("could not read the contract file") == true)
        let directory = FileManager.default.temporaryDirectory
        let directoryError = #expect(throws: PactError.self) { try Pact(contentsOf: directory) }
        #expect(directoryError?.description.contains(directory.path) == true)
    }

    @Test("unknown matchers and invalid regexes are kept when read and reported by name when matching")
    func rulesReportedWhenMatching() throws {
        let cases = [
            (#"{"$.id": {"matchers": [{"match": "fuzzy"}]}}"#, "The matching rule 'fuzzy' is not supported by Pactum"),
            (
                #"{"$.id": {"matchers": [{"match": "regex", "regex": "(["}]}}"#,
                "The regular expression '([' in the contract is not valid; fix the matching rule"
            ),
        ]
        for (rules, message) in cases {
            let pact = try Pact(data: Data(Self.pact(interaction: Self.rules(rules)).utf8))
            guard case .http(_, let response) = pact.interactions.first?.kind else {
                Issue.record("no HTTP interaction read")
                continue
            }
            let mismatches = PactMatcher.match(expected: response, actual: HTTPResponse(body: .json(["id": 2])))
            #expect(mismatches.map(\.description).contains { $0.contains(message) }, "\(mismatches)")
            #expect(mismatches.map(\.description).contains { $0.contains("$.id") }, "\(mismatches)")
        }
    }

    @Test("an unknown generator is kept when read and written back unchanged")
    func unknownGeneratorKept() throws {
        let text = Self.pact(
            interaction: Self.interaction(
                response: #"{"status": 200, "body": {"id": 1}, "generators": {"body": {"$.id": {"type": "Dice"}}}}"#
            )
        )
        let pact = try Pact(data: Data(text.utf8))
        let written = try pact.jsonText(specification: .v3)
        let reread = try JSONParser.parse(written)
        let generator = reread["interactions"]?.arrayValue?.first?["response"]?["generators"]?["body"]?["$.id"]
        #expect(generator == .object(["type": "Dice"]), "\(written)")
        guard case .http(_, let response) = pact.interactions.first?.kind else {
            Issue.record("no HTTP interaction read")
            return
        }
        var context = GeneratorContext()
        let generated = response.applyingGenerators(mode: .consumer, context: &context)
        #expect(generated.value.body == response.body)
        let problems = generated.problems.map(\.description)
        #expect(
            problems.contains { $0.contains("Dice generator") && $0.contains("does not know this generator type") },
            "\(problems)"
        )
    }

    @Test("an unknown or mistyped specification version is read by the contract's shape, as the reference does")
    func unknownSpecificationVersion() throws {
        for version in [#""9.0.0""#, #""latest""#, "3", #"{"major": 3}"#] {
            let text = Self.valid.replacingOccurrences(of: #""3.0.0""#, with: version)
            let pact = try Pact(data: Data(text.utf8))
            #expect(pact.specification == .v2, "version \(version)")
            #expect(pact.interactions.count == 1)
        }
    }

    @Test("a 50 MB response body is read whole")
    func fiftyMegabyteBody() throws {
        let size = 50 * 1024 * 1024
        let text = Self.pact(
            interaction: Self.interaction(
                response: #"{"status": 200, "body": "\#(String(repeating: "x", count: size))"}"#
            )
        )
        let pact = try Pact(data: Data(text.utf8))
        guard case .http(_, let response) = pact.interactions.first?.kind else {
            Issue.record("no HTTP interaction read")
            return
        }
        #expect(response.body.bytes.count == size)
    }

    @Test("10,000 interactions with unicode names are read in order")
    func manyInteractions() throws {
        let interactions = (0..<10_000).map { index in
            #"{"description": "ordre n°\#(index) ✓", "request": {"method": "GET", "path": "/\#(index)"}, "response": {"status": 200}}"#
        }
        let text = Self.pact(interaction: interactions.joined(separator: ","))
        let pact = try Pact(data: Data(text.utf8))
        #expect(pact.interactions.count == 10_000)
        #expect(pact.interactions.last?.description == "ordre n°9999 ✓")
    }
}
