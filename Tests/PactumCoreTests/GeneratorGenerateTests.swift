import Foundation
import Testing

@testable import PactumCore

@Suite struct GeneratorGenerateTests {
    /// 2000-01-01T10:00:00Z
    static let now = Date(timeIntervalSince1970: 946_720_800)
    static let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!

    private func context(
        seed: UInt64 = 42,
        providerState: [String: JSONValue] = [:],
        mockServerURL: String? = nil
    ) -> GeneratorContext {
        GeneratorContext(
            providerState: providerState,
            mockServerURL: mockServerURL,
            now: Self.now,
            timeZone: Self.utc,
            random: SeededRandomNumberGenerator(seed: seed)
        )
    }

    private func generate(
        _ generator: Generator,
        current: JSONValue? = nil,
        seed: UInt64 = 42,
        providerState: [String: JSONValue] = [:],
        mockServerURL: String? = nil
    ) throws -> JSONValue {
        var context = context(seed: seed, providerState: providerState, mockServerURL: mockServerURL)
        return try generator.generate(current: current, context: &context)
    }

    private func errorMessage(
        _ generator: Generator,
        current: JSONValue? = nil,
        providerState: [String: JSONValue] = [:],
        mockServerURL: String? = nil
    ) -> String {
        do {
            let value = try generate(
                generator,
                current: current,
                providerState: providerState,
                mockServerURL: mockServerURL
            )
            return "no error, got \(value)"
        } catch {
            return "\(error)"
        }
    }

    private func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z") else { return false }
        return regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    // MARK: - Random values

    @Test func randomIntStaysInItsInclusiveRange() throws {
        var context = context()
        var seen = Set<Int>()
        for _ in 0..<300 {
            guard
                case .integer(let value) = try Generator.randomInt(min: -2, max: 3).generate(
                    current: .integer(1),
                    context: &context
                )
            else {
                Issue.record("not an integer")
                return
            }
            #expect((-2...3).contains(value))
            seen.insert(value)
        }
        #expect(seen == Set(-2...3))
        #expect(try generate(.randomInt(min: 5, max: 5)) == .integer(5))
        #expect(try generate(.randomInt(min: Int.min, max: Int.max)).intValue != nil)
    }

    @Test func randomIntKeepsAStringExampleAString() throws {
        let value = try generate(.randomInt(min: 10, max: 99), current: "42")
        #expect(value.stringValue.map { matches($0, "\\d{2}") } == true)
    }

    @Test func randomDecimalHasTheDigitsAndAPoint() throws {
        var context = context()
        for digits in [2, 3, 6, 10, 15] {
            for _ in 0..<50 {
                let value = try Generator.randomDecimal(digits: digits).generate(current: 1.5, context: &context)
                guard case .decimal(let number) = value else {
                    Issue.record("not a decimal: \(value)")
                    return
                }
                let text = value.jsonText
                #expect(matches(text, "(0|[1-9]\\d*)\\.\\d*[1-9]"), "\(text)")
                #expect(text.filter(\.isNumber).count == digits, "\(text) for \(digits) digits")
                #expect(number.isFinite)
            }
        }
        let single = try #require(try generate(.randomDecimal(digits: 1)).doubleValue)
        #expect((0...9).contains(single) && single.rounded() == single)
        #expect(try generate(.randomDecimal(digits: 1), current: "1").stringValue?.count == 1)
    }

    @Test func randomDecimalKeepsAStringExampleAString() throws {
        let value = try generate(.randomDecimal(digits: 30), current: "1.5")
        let text = try #require(value.stringValue)
        #expect(text.filter(\.isNumber).count == 30)
        #expect(text.filter { $0 == "." }.count == 1)
    }

    @Test func randomHexadecimalAndStringHaveTheRequestedLength() throws {
        let hex = try #require(try generate(.randomHexadecimal(digits: 40)).stringValue)
        #expect(matches(hex, "[0-9a-f]{40}"))
        let string = try #require(try generate(.randomString(size: 25)).stringValue)
        #expect(matches(string, "[A-Za-z0-9]{25}"))
        #expect(try generate(.randomString(size: 0)) == "")
    }

    @Test func randomBooleanGivesBoth() throws {
        var context = context()
        var seen = Set<Bool>()
        for _ in 0..<50 {
            if case .bool(let flag) = try Generator.randomBoolean.generate(current: true, context: &context) {
                seen.insert(flag)
            }
        }
        #expect(seen == [true, false])
    }

    @Test func regexGeneratesAMatchingString() throws {
        var context = context()
        for _ in 0..<50 {
            let value = try Generator.regex("^[A-Z]{3}-\\d{1,8}$").generate(current: "ABC-1", context: &context)
            let text = try #require(value.stringValue)
            #expect(matches(text, "[A-Z]{3}-\\d{1,8}"), "\(text)")
        }
    }

    @Test func uuidInEveryFormat() throws {
        let patterns: [Generator.UUIDFormat: String] = [
            .simple: "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}",
            .lowerCaseHyphenated: "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
            .upperCaseHyphenated: "[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}",
            .urn: "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        ]
        var context = context()
        for format in Generator.UUIDFormat.allCases {
            for _ in 0..<20 {
                let text = try #require(
                    try Generator.uuid(format: format).generate(current: nil, context: &context)
                        .stringValue
                )
                #expect(matches(text, try #require(patterns[format])), "\(format): \(text)")
                let hyphenated = format == .simple ? nil : text.replacingOccurrences(of: "urn:uuid:", with: "")
                if let hyphenated { #expect(UUID(uuidString: hyphenated) != nil) }
            }
        }
    }

    @Test func sameSeedGivesTheSameValues() throws {
        let generators: [Generator] = [
            .randomInt(min: 0, max: 1_000_000), .randomDecimal(digits: 9), .randomHexadecimal(digits: 12),
            .randomString(size: 12), .regex("[a-z]+@[a-z]+\\.com"), .uuid(), .randomBoolean,
        ]
        var first = context(seed: 7)
        var second = context(seed: 7)
        var third = context(seed: 8)
        var differences = 0
        for generator in generators {
            for _ in 0..<5 {
                let a = try generator.generate(current: nil, context: &first)
                let b = try generator.generate(current: nil, context: &second)
                let c = try generator.generate(current: nil, context: &third)
                #expect(a == b)
                if a != c { differences += 1 }
            }
        }
        #expect(differences > 20)
    }

    @Test func seededRandomNumberGeneratorIsReproducible() {
        var a = SeededRandomNumberGenerator(seed: 0)
        var b = SeededRandomNumberGenerator(seed: 0)
        let first = (0..<10).map { _ in a.next() }
        #expect(first == (0..<10).map { _ in b.next() })
        #expect(Set(first).count == 10)
        var system = SeededRandomNumberGenerator()
        var other = SeededRandomNumberGenerator()
        #expect(system.next() != other.next())
    }

    @Test func reportsInvalidRandomSettings() {
        let cases: [(Generator, String)] = [
            (.randomInt(min: 5, max: 1), "RandomInt generator: 'min' (5) is greater than 'max' (1); swap them"),
            (.randomDecimal(digits: 0), "RandomDecimal generator: 'digits' must be between 1 and 65535, got 0"),
            (
                .randomHexadecimal(digits: -1),
                "RandomHexadecimal generator: 'digits' must be between 0 and 65535, got -1"
            ),
            (
                .randomString(size: 1_000_000),
                "RandomString generator: 'size' must be between 0 and 65535, got 1000000"
            ),
        ]
        for (generator, expected) in cases {
            #expect(errorMessage(generator) == expected)
        }
        #expect(
            errorMessage(.regex("(abc"))
                == "Regex generator: can not generate a value: invalid regular expression '(abc' at position 4: "
                + "missing ')' to close the group opened at position 0"
        )
    }

    @Test func unknownGeneratorsCanNotGenerate() throws {
        let generator = try Generator(json: ["type": "Plugin", "x": 1])
        #expect(
            errorMessage(generator)
                == "Plugin generator: this version of Pactum does not know this generator type, so it can not "
                + "generate a value (it may need a plugin); the example value is kept"
        )
    }

    // MARK: - Dates and times

    @Test func dateTimeGeneratorsUseTheClockFormatAndExpression() throws {
        #expect(try generate(.date()) == "2000-01-01")
        #expect(try generate(.date(expression: "+ 1 day")) == "2000-01-02")
        #expect(try generate(.date(format: "dd/MM/yyyy", expression: "- 1 day")) == "31/12/1999")
        #expect(try generate(.time()) == "10:00:00")
        #expect(try generate(.time(format: "HH:mm", expression: "+ 2 hours")) == "12:00")
        #expect(try generate(.time(expression: "@ + 1 hour")) == "11:00:00")
        #expect(try generate(.dateTime(format: "yyyy-MM-dd'T'HH:mm:ss")) == "2000-01-01T10:00:00")
        #expect(
            try generate(.dateTime(format: "yyyy-MM-dd'T'HH:mm:ss", expression: "+ 1 day @ + 1 hour"))
                == "2000-01-02T11:00:00"
        )
        #expect(try generate(.date(expression: "  ")) == "2000-01-01")
    }

    @Test func dateTimeDefaultFormatIsTheSharedDefault() throws {
        #expect(try generate(.dateTime()) == "2000-01-01T10:00:00.000+0000")
        let expected = try JavaDateTimeFormat(DefaultDateTimeFormats.dateTime).format(Self.now, timeZone: Self.utc)
        #expect(try generate(.dateTime()) == .string(expected))
    }

    @Test func dateTimeGeneratorsUseTheContextTimeZone() throws {
        var context = context()
        context.timeZone = TimeZone(secondsFromGMT: -11 * 3600) ?? Self.utc
        #expect(try Generator.date().generate(current: nil, context: &context) == "1999-12-31")
    }

    @Test func reportsBadDateFormatsAndExpressions() {
        // The DateTime module's error names the bad pattern or expression and the position.
        let cases: [(Generator, String)] = [
            (.date(format: "yyyy-'MM"), "Date generator: Invalid date/time pattern 'yyyy-'MM'"),
            (.dateTime(expression: "+ 1 fortnite"), "DateTime generator: Invalid date/time expression '+ 1 fortnite'"),
            (.time(expression: "+ 1 parsec"), "Time generator: Invalid date/time expression '+ 1 parsec'"),
            (.time(format: "HH:mm bb", expression: "midnight"), "Time generator: Invalid date/time pattern 'HH:mm bb'"),
        ]
        for (generator, prefix) in cases {
            let message = errorMessage(generator)
            #expect(message.hasPrefix(prefix), "\(message)")
            #expect(message.contains("position"), "\(message)")
        }
    }

    @Test func timeExpressionsWithoutAtAreTimeParts() throws {
        #expect(try generate(.time(expression: "midnight")) == "00:00:00")
        #expect(try generate(.time(expression: "noon + 30 minutes")) == "12:30:00")
        #expect(try generate(.time(expression: "+ 1 day @ + 1 hour"), seed: 1) == "11:00:00")
        #expect(try generate(.dateTime(expression: "tomorrow @ midnight")) == "2000-01-02T00:00:00.000+0000")
    }

    // MARK: - Provider state

    @Test func providerStateWholeExpressionKeepsTheJSONType() throws {
        let state: [String: JSONValue] = ["id": 1000, "name": "Mary", "flag": true, "list": [1, 2]]
        #expect(try generate(.providerState(expression: "${id}"), current: "a", providerState: state) == 1000)
        #expect(try generate(.providerState(expression: "${flag}"), providerState: state) == true)
        #expect(try generate(.providerState(expression: "${list}"), providerState: state) == [1, 2])
        #expect(try generate(.providerState(expression: "id"), providerState: state) == 1000)
    }

    @Test func providerStateEmbeddedExpressionsAreStringified() throws {
        let state: [String: JSONValue] = ["id": 1000, "name": "Mary", "price": 1.5]
        #expect(
            try generate(.providerState(expression: "/users/${id}/${name}?p=${price}"), providerState: state)
                == "/users/1000/Mary?p=1.5"
        )
        #expect(try generate(.providerState(expression: "${id}${name}"), providerState: state) == "1000Mary")
        #expect(try generate(.providerState(expression: "no ${} value"), providerState: state) == "no  value")
        #expect(try generate(.providerState(expression: "a ${ id }"), providerState: state) == "a 1000")
    }

    @Test func providerStateDataTypesConvert() throws {
        let state: [String: JSONValue] = [
            "text": "42", "int": 7, "dec": 2.75, "yes": "true", "no": false, "null": nil, "word": "abc",
        ]
        func value(_ expression: String, _ type: String) throws -> JSONValue {
            try generate(.providerState(expression: expression, dataType: type), providerState: state)
        }
        #expect(try value("${text}", "INTEGER") == 42)
        #expect(try value("${dec}", "INTEGER") == 2)
        #expect(try value("${no}", "INTEGER") == 0)
        #expect(try value("${null}", "INTEGER") == 0)
        #expect(try value("/x/${int}", "STRING") == "/x/7")
        #expect(try value("${int}", "STRING") == "7")
        #expect(try value("${int}", "DECIMAL") == .decimal(7))
        #expect(try value("${text}", "FLOAT") == .decimal(42))
        #expect(try value("${yes}", "BOOLEAN") == true)
        #expect(try value("${int}", "BOOLEAN") == true)
        #expect(try value("${null}", "BOOLEAN") == false)
        #expect(try value("${int}", "RAW") == 7)
        #expect(try value("${int}", "integer") == 7)
        #expect(try value("${text}", "SOMETHING") == "42")
    }

    @Test func providerStateReportsUnconvertibleValues() {
        let state: [String: JSONValue] = ["word": "abc", "list": [1]]
        #expect(
            errorMessage(.providerState(expression: "${word}", dataType: "INTEGER"), providerState: state)
                == #"ProviderState generator: the value "abc" of '${word}' can not be converted to INTEGER"#
        )
        #expect(
            errorMessage(.providerState(expression: "${list}", dataType: "BOOLEAN"), providerState: state)
                == "ProviderState generator: the value [1] of '${list}' can not be converted to BOOLEAN"
        )
        #expect(
            errorMessage(.providerState(expression: "${word}", dataType: "FLOAT"), providerState: state)
                == #"ProviderState generator: the value "abc" of '${word}' can not be converted to FLOAT"#
        )
    }

    @Test func providerStateReportsMissingValuesAndWhatIsAvailable() {
        #expect(
            errorMessage(.providerState(expression: "/users/${id}"), providerState: ["userId": 1, "name": "x"])
                == "ProviderState generator: no value named 'id' in the provider state (expression '/users/${id}'); "
                + "the provider state has values: name, userId. Return 'id' from the provider state callback"
        )
        #expect(
            errorMessage(.providerState(expression: "id"))
                == "ProviderState generator: no value named 'id' in the provider state (expression 'id'); "
                + "the provider state returned no values. Return 'id' from the provider state callback"
        )
        #expect(
            errorMessage(.providerState(expression: "/users/${id"), providerState: ["id": 1])
                == "ProviderState generator: the expression '/users/${id' has a '${' without a closing '}'"
        )
    }

    // MARK: - Mock server URL

    @Test func mockServerURLReplacesTheBase() throws {
        let generator = Generator.mockServerURL(example: "http://localhost:1234/path", regex: ".*(/path)$")
        #expect(try generate(generator, mockServerURL: "http://127.0.0.1:5555") == "http://127.0.0.1:5555/path")
        #expect(try generate(generator, mockServerURL: "http://127.0.0.1:5555/") == "http://127.0.0.1:5555/path")
        #expect(try generate(generator) == "http://localhost:1234/path")
        let compatibility = Generator.mockServerURL(example: "http://1234:8080/a", regex: ".*(/a)")
        #expect(try generate(compatibility, mockServerURL: "http://somewhere.world") == "http://somewhere.world/a")
        let partial = Generator.mockServerURL(
            example: "see http://localhost:1234/orders/1 now",
            regex: "http://[^/]+(/orders/\\d+)"
        )
        #expect(try generate(partial, mockServerURL: "http://mock:1") == "see http://mock:1/orders/1 now")
        let noMatch = Generator.mockServerURL(example: "http://a/b", regex: ".*(/zzz)$")
        #expect(try generate(noMatch, mockServerURL: "http://mock:1") == "http://a/b")
    }

    @Test func mockServerURLReportsBadRegexes() {
        #expect(
            errorMessage(.mockServerURL(example: "http://a/b", regex: "(unclosed"), mockServerURL: "http://m")
                == "MockServerURL generator: '(unclosed' is not a valid regular expression"
        )
        #expect(
            errorMessage(.mockServerURL(example: "http://a/b", regex: ".*/b"), mockServerURL: "http://m")
                == "MockServerURL generator: the regex '.*/b' needs a group around the part of the example to keep, "
                + "e.g. '.*(/path)$'"
        )
    }
}
