import Testing

@testable import PactumCore

@Suite struct GeneratorJSONTests {
    private func parse(_ text: String) throws -> [String: JSONValue] {
        guard case .object(let object) = try JSONParser.parse(text) else {
            Issue.record("not an object: \(text)")
            return [:]
        }
        return object
    }

    private func text(_ generator: Generator) -> String { JSONValue.object(generator.json).jsonText }

    static let constructed: [(Generator, String)] = [
        (.randomInt(min: -5, max: 7), #"{"max":7,"min":-5,"type":"RandomInt"}"#),
        (.randomDecimal(digits: 6), #"{"digits":6,"type":"RandomDecimal"}"#),
        (.randomHexadecimal(digits: 8), #"{"digits":8,"type":"RandomHexadecimal"}"#),
        (.randomString(size: 20), #"{"size":20,"type":"RandomString"}"#),
        (.regex("\\d+"), #"{"regex":"\\d+","type":"Regex"}"#),
        (.uuid(format: .simple), #"{"format":"simple","type":"Uuid"}"#),
        (.uuid(), #"{"format":"lower-case-hyphenated","type":"Uuid"}"#),
        (.uuid(format: .upperCaseHyphenated), #"{"format":"upper-case-hyphenated","type":"Uuid"}"#),
        (.uuid(format: .urn), #"{"format":"URN","type":"Uuid"}"#),
        (.date(), #"{"type":"Date"}"#),
        (
            .date(format: "yyyy-MM-dd", expression: "+ 1 day"),
            #"{"expression":"+ 1 day","format":"yyyy-MM-dd","type":"Date"}"#
        ),
        (.time(format: "HH:mm"), #"{"format":"HH:mm","type":"Time"}"#),
        (.dateTime(expression: "tomorrow"), #"{"expression":"tomorrow","type":"DateTime"}"#),
        (.randomBoolean, #"{"type":"RandomBoolean"}"#),
        (.providerState(expression: "${id}"), #"{"expression":"${id}","type":"ProviderState"}"#),
        (
            .providerState(expression: "${id}", dataType: "INTEGER"),
            #"{"dataType":"INTEGER","expression":"${id}","type":"ProviderState"}"#
        ),
        (
            .mockServerURL(example: "http://localhost:1234/path", regex: ".*(/path)$"),
            #"{"example":"http://localhost:1234/path","regex":".*(\/path)$","type":"MockServerURL"}"#
        ),
    ]

    @Test func writesTheExactPactJSONOfEveryType() throws {
        for (generator, expected) in Self.constructed {
            // Compare parsed values so the writer's escaping of "/" does not matter.
            #expect(generator.json == (try parse(expected)), "\(generator.typeName)")
        }
    }

    @Test func roundTripsEveryType() throws {
        for (generator, _) in Self.constructed {
            let decoded = try Generator(json: generator.json)
            #expect(decoded == generator)
            #expect(decoded.json == generator.json)
            #expect(decoded.typeName == generator.typeName)
        }
    }

    @Test func readsEveryType() throws {
        #expect(try Generator(json: parse(#"{"type":"RandomInt","min":0,"max":10}"#)) == .randomInt(min: 0, max: 10))
        #expect(try Generator(json: parse(#"{"type":"RandomDecimal","digits":10}"#)) == .randomDecimal(digits: 10))
        #expect(
            try Generator(json: parse(#"{"type":"RandomHexadecimal","digits":10}"#)) == .randomHexadecimal(digits: 10)
        )
        #expect(try Generator(json: parse(#"{"type":"RandomString","size":20}"#)) == .randomString(size: 20))
        #expect(try Generator(json: parse(#"{"type":"Regex","regex":"\\d+"}"#)) == .regex("\\d+"))
        for format in Generator.UUIDFormat.allCases {
            #expect(try Generator(json: ["type": "Uuid", "format": .string(format.rawValue)]) == .uuid(format: format))
        }
        #expect(try Generator(json: parse(#"{"type":"Uuid"}"#)) == .uuid())
        #expect(
            try Generator(json: parse(#"{"type":"Date","format":"yyyy-MM-dd","expression":"+ 1 day"}"#))
                == .date(format: "yyyy-MM-dd", expression: "+ 1 day")
        )
        #expect(try Generator(json: parse(#"{"type":"Time"}"#)) == .time())
        #expect(try Generator(json: parse(#"{"type":"DateTime","format":"HH"}"#)) == .dateTime(format: "HH"))
        #expect(try Generator(json: parse(#"{"type":"RandomBoolean"}"#)) == .randomBoolean)
        #expect(
            try Generator(json: parse(#"{"type":"ProviderState","expression":"${id}","dataType":"INTEGER"}"#))
                == .providerState(expression: "${id}", dataType: "INTEGER")
        )
        #expect(
            try Generator(json: parse(#"{"type":"MockServerURL","example":"http://x/p","regex":".*(/p)$"}"#))
                == .mockServerURL(example: "http://x/p", regex: ".*(/p)$")
        )
    }

    @Test func usesPactDefaultsForMissingNumbers() throws {
        #expect(try Generator(json: ["type": "RandomInt"]) == .randomInt(min: 0, max: 10))
        #expect(try Generator(json: ["type": "RandomInt", "max": 3]) == .randomInt(min: 0, max: 3))
        #expect(try Generator(json: ["type": "RandomDecimal"]) == .randomDecimal(digits: 10))
        #expect(try Generator(json: ["type": "RandomHexadecimal"]) == .randomHexadecimal(digits: 10))
        #expect(try Generator(json: ["type": "RandomString"]) == .randomString(size: 10))
        #expect(try Generator(json: ["type": "MockServerURL"]) == .mockServerURL(example: "", regex: ""))
    }

    @Test func acceptsNumbersWrittenAsStringsOrWholeDecimals() throws {
        #expect(try Generator(json: ["type": "RandomInt", "min": "2", "max": 9.0]) == .randomInt(min: 2, max: 9))
    }

    @Test func acceptsTheProviderStateGeneratorTypeName() throws {
        let json = try parse(#"{"type":"ProviderStateGenerator","expression":"${id}"}"#)
        let generator = try Generator(json: json)
        #expect(generator == .providerState(expression: "${id}"))
        #expect(generator.typeName == "ProviderState")
        #expect(generator.json == json)
    }

    @Test func writesReadJSONBackUnchanged() throws {
        let texts = [
            #"{"type":"Uuid"}"#,
            #"{"max":"5","type":"RandomInt"}"#,
            #"{"digits":6.0,"type":"RandomDecimal"}"#,
            #"{"expression":"${id}","type":"ProviderStateGenerator"}"#,
            #"{"extra":[1,2],"regex":"a","type":"Regex"}"#,
        ]
        for text in texts {
            let generator = try Generator(json: parse(text))
            #expect(JSONValue.object(generator.json).jsonText == text)
        }
    }

    @Test func keepsUnknownTypesByteForByte() throws {
        let text = #"{"config":{"b":[true,null,1.5],"a":"x"},"name":"thing","type":"PluginGenerator"}"#
        let generator = try Generator(json: parse(text))
        #expect(generator.typeName == "PluginGenerator")
        #expect(JSONWriter.compact(.object(generator.json)) == JSONWriter.compact(try JSONParser.parse(text)))
        #expect(try Generator(json: generator.json) == generator)
        guard case .unknown(let raw) = generator.storage else {
            Issue.record("expected unknown storage")
            return
        }
        #expect(raw == (try parse(text)))
    }

    private func message(_ json: [String: JSONValue]) -> String {
        do {
            _ = try Generator(json: json)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func reportsMissingOrBadType() {
        #expect(
            message(["min": 1]) == #"the generator JSON {"min":1} has no 'type'; add one such as "type": "RandomInt""#
        )
        #expect(
            message(["type": ""]) == #"the generator 'type' must be a non-empty string such as "RandomInt", got """#
        )
        #expect(message(["type": 5]) == #"the generator 'type' must be a non-empty string such as "RandomInt", got 5"#)
    }

    @Test func reportsBadFields() {
        let cases: [([String: JSONValue], String)] = [
            (["type": "RandomInt", "min": "abc"], #"RandomInt generator: 'min' must be an integer, got string "abc""#),
            (["type": "RandomInt", "max": 1.5], "RandomInt generator: 'max' must be an integer, got decimal 1.5"),
            (
                ["type": "RandomString", "size": [1]],
                "RandomString generator: 'size' must be an integer, got array [1]"
            ),
            (
                ["type": "Regex"],
                #"Regex generator: it needs a 'regex' field holding the regular expression, e.g. "\\d+""#
            ),
            (["type": "Regex", "regex": 1], "Regex generator: 'regex' must be a string, got integer 1"),
            (
                ["type": "Uuid", "format": "weird"],
                "Uuid generator: 'weird' is not a UUID format; use one of 'simple', 'lower-case-hyphenated', "
                    + "'upper-case-hyphenated', 'URN'"
            ),
            (["type": "Date", "format": true], "Date generator: 'format' must be a string, got boolean true"),
            (
                ["type": "ProviderState"],
                "ProviderState generator: it needs an 'expression' field naming the provider state value, "
                    + #"e.g. "${id}""#
            ),
            (
                ["type": "ProviderStateGenerator", "expression": "${a}", "dataType": 3],
                "ProviderStateGenerator generator: 'dataType' must be a string, got integer 3"
            ),
        ]
        for (json, expected) in cases {
            #expect(message(json) == expected)
        }
    }

    @Test func nullOptionalFieldsAreAbsent() throws {
        #expect(try Generator(json: ["type": "Date", "format": nil, "expression": nil]) == .date())
    }
}
