import Foundation
import PactumCore

/// A value in a contract: an example, and how the provider's real value is matched against it.
///
/// Write bodies as JSON-like literals and put matchers where literal values would be brittle:
///
/// ```swift
/// let body: PactValue = [
///     "id": .integer(42),
///     "title": .like("Dune"),
///     "isbn": .regex("\\d{3}-\\d{10}", example: "978-0441013593"),
///     "published": .date(format: "yyyy-MM-dd", example: "1965-08-01"),
///     "tags": .eachLike("sci-fi", min: 1),
/// ]
/// ```
///
/// Literals match by equality; a matcher applies to its value and, for `like`/`eachLike`, cascades to
/// everything inside the example.
public struct PactValue: Sendable, Hashable {
    indirect enum Node: Sendable, Hashable {
        case literal(JSONValue)
        case array([PactValue])
        case object([String: PactValue])
        /// An example with rules and an optional generator at its own path.
        case matched(PactValue, rules: [MatchingRule], logic: RuleLogic, generator: Generator?)
        /// `count` copies of the example; a `type` rule with min/max on the array.
        case eachLike(PactValue, min: Int?, max: Int?, count: Int)
        /// A value that could not be built (an example that cannot be encoded): written as `null`, and the contract
        /// test that uses it fails with this text.
        case invalid(String)
    }

    let node: Node

    init(_ node: Node) { self.node = node }

    /// A literal JSON value, matched by equality.
    public init(_ json: JSONValue) { node = .literal(json) }

    // MARK: Type matchers

    /// Any value of the same JSON type as the example (cascades to everything inside it).
    public static func like(_ example: PactValue) -> PactValue { .rule(example, .type) }

    /// Any value of the same JSON type as the example, from a variable: `.like(title)`, `.like(book.pageCount)`.
    public static func like(_ example: some PactValueConvertible) -> PactValue { .rule(example.pactValue, .type) }

    /// The JSON an `Encodable` value encodes to, matched by type (cascading to every field): build a body from a
    /// sample the app already has. The encoder's strategies (dates, keys, data) are honoured. `overriding`
    /// replaces top-level fields with other values or matchers, e.g. `["id": .integer(1), "due": .datetime(…)]`.
    ///
    /// ```swift
    /// .willRespondWith(body: .like(encoding: Todo.sample, overriding: ["id": .integer(1)]))
    /// ```
    public static func like(
        encoding value: some Encodable,
        encoder: JSONEncoder = JSONEncoder(),
        overriding overrides: [String: PactValue] = [:]
    ) -> PactValue {
        let encoded = PactValue(encoding: value, encoder: encoder)
        guard !overrides.isEmpty else { return .like(encoded) }
        guard case .literal(.object(let fields)) = encoded.node else {
            if case .invalid = encoded.node { return encoded }
            return PactValue(
                .invalid("\(type(of: value)) does not encode to a JSON object, so its fields cannot be overridden")
            )
        }
        var object: [String: PactValue] = fields.mapValues { PactValue($0) }
        for (key, override) in overrides {
            guard object[key] != nil else {
                return PactValue(
                    .invalid(
                        "\(type(of: value)) encodes no field '\(key)' to override (its fields: \(fields.keys.sorted().joined(separator: ", ")))"
                    )
                )
            }
            object[key] = override
        }
        return .like(PactValue(.object(object)))
    }

    /// An array of items each like `example`, with at least `min` (default 1) and at most `max` items.
    /// The contract's example holds `count` copies (default: `min`, at least 1).
    public static func eachLike(_ example: PactValue, min: Int = 1, max: Int? = nil, count: Int? = nil) -> PactValue {
        PactValue(.eachLike(example, min: min, max: max, count: Swift.max(count ?? min, 1)))
    }

    /// An array of items each like `example` (a variable of a natural Swift type).
    public static func eachLike(
        _ example: some PactValueConvertible,
        min: Int = 1,
        max: Int? = nil,
        count: Int? = nil
    ) -> PactValue {
        .eachLike(example.pactValue, min: min, max: max, count: count)
    }

    /// An array of at least `min` items, each like the example.
    public static func atLeast(_ min: Int, like example: PactValue) -> PactValue { .eachLike(example, min: min) }

    /// An array of at least `min` items, each like the example (a variable of a natural Swift type).
    public static func atLeast(_ min: Int, like example: some PactValueConvertible) -> PactValue {
        .eachLike(example.pactValue, min: min)
    }

    /// An array of at most `max` items, each like the example.
    public static func atMost(_ max: Int, like example: PactValue) -> PactValue {
        PactValue(.eachLike(example, min: nil, max: max, count: 1))
    }

    /// An array of at most `max` items, each like the example (a variable of a natural Swift type).
    public static func atMost(_ max: Int, like example: some PactValueConvertible) -> PactValue {
        .atMost(max, like: example.pactValue)
    }

    // MARK: Value matchers

    /// An integer (a JSON number without a fraction). With `generate`, the mock answers a random integer in the range.
    public static func integer(_ example: Int = 1, generate range: ClosedRange<Int>? = nil) -> PactValue {
        .rule(
            PactValue(.integer(example)),
            .integer,
            generator: range.map { .randomInt(min: $0.lowerBound, max: $0.upperBound) }
        )
    }

    /// An integer, from a variable of any integer type (`Int64`, `UInt16`, …).
    public static func integer<Integer: BinaryInteger & PactValueConvertible>(_ example: Integer) -> PactValue {
        .rule(example.pactValue, .integer)
    }

    /// A decimal number (with a fraction).
    public static func decimal(_ example: Double = 1.5, generateDigits digits: Int? = nil) -> PactValue {
        .rule(PactValue(.decimal(example)), .decimal, generator: digits.map { .randomDecimal(digits: $0) })
    }

    /// A decimal number (with a fraction), from a `Decimal` (`Decimal(string: "9.99")!`).
    public static func decimal(_ example: Decimal) -> PactValue { .rule(example.pactValue, .decimal) }

    /// Any number.
    public static func number(_ example: Double) -> PactValue {
        let value: JSONValue =
            example.rounded() == example && abs(example) < 1e15 ? .integer(Int(example)) : .decimal(example)
        return .rule(PactValue(value), .number)
    }

    /// Any number, from a variable of any integer type.
    public static func number<Integer: BinaryInteger & PactValueConvertible>(_ example: Integer) -> PactValue {
        .rule(example.pactValue, .number)
    }

    /// Any number, from a `Decimal`.
    public static func number(_ example: Decimal) -> PactValue { .rule(example.pactValue, .number) }

    /// A boolean.
    public static func boolean(_ example: Bool = true) -> PactValue { .rule(PactValue(.bool(example)), .boolean) }

    /// Any string (same type as the example).
    public static func string(_ example: String) -> PactValue { .like(PactValue(.string(example))) }

    /// A string matching the regular expression as a whole. Without an example, one is generated and the mock
    /// answers a fresh string matching the pattern.
    public static func regex(_ pattern: String, example: String? = nil) -> PactValue {
        if let example { return .rule(PactValue(.string(example)), .regex(pattern)) }
        // Seeded from the pattern's bytes, so the same contract is written on every run.
        var seed: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in pattern.utf8 { seed = (seed ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var random = SeededRandomNumberGenerator(seed: seed)
        let generated = (try? RegexStringGenerator(pattern: pattern))?.generate(using: &random) ?? ""
        return .rule(PactValue(.string(generated)), .regex(pattern), generator: .regex(pattern))
    }

    /// A string containing `substring`.
    public static func includes(_ substring: String, example: String? = nil) -> PactValue {
        .rule(PactValue(.string(example ?? substring)), .include(substring))
    }

    /// Exactly this value (also inside a `like`, where values would otherwise match by type).
    public static func equal(to value: PactValue) -> PactValue { .rule(value, .equality) }

    /// Exactly this value (a variable of a natural Swift type).
    public static func equal(to value: some PactValueConvertible) -> PactValue { .rule(value.pactValue, .equality) }

    /// JSON `null`.
    public static let null = PactValue.rule(PactValue(.null), .null)

    /// A date in a Java-style format. Without a format, it is read off an ISO 8601 example (`2024-05-01`), else
    /// `yyyy-MM-dd`. Without an example, a fixed date is written and the mock answers a generated one (optionally
    /// moved by an expression such as `+ 1 day`).
    public static func date(
        format: String? = nil,
        example: String? = nil,
        expression: String? = nil
    ) -> PactValue {
        let format = format ?? example.flatMap(ISO8601Pattern.date(of:)) ?? "yyyy-MM-dd"
        return dateLike(
            .date(format: format),
            format: format,
            example: example,
            generator: .date(format: format, expression: expression)
        )
    }

    /// A time in a Java-style format. Without a format, it is read off an ISO 8601 example (`10:00`,
    /// `10:00:00.250Z`), else `HH:mm:ss`.
    public static func time(format: String? = nil, example: String? = nil, expression: String? = nil) -> PactValue {
        let format = format ?? example.flatMap(ISO8601Pattern.time(of:)) ?? "HH:mm:ss"
        return dateLike(
            .time(format: format),
            format: format,
            example: example,
            generator: .time(format: format, expression: expression)
        )
    }

    /// A date-time in a Java-style format. Without a format, it is read off an ISO 8601 example —
    /// `2024-05-01T10:00:00Z` gives `yyyy-MM-dd'T'HH:mm:ssXXX`, `2024-05-01T10:00:00.123+02:00` gives
    /// `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` — else `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`.
    ///
    /// An example that does not fit its format fails the contract test that uses it: a provider returning exactly
    /// that example would fail verification.
    public static func datetime(
        format: String? = nil,
        example: String? = nil,
        expression: String? = nil
    ) -> PactValue {
        let format = format ?? example.flatMap(ISO8601Pattern.dateTime(of:)) ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"
        return dateLike(
            .timestamp(format: format),
            format: format,
            example: example,
            generator: .dateTime(format: format, expression: expression)
        )
    }

    private static func dateLike(
        _ rule: MatchingRule,
        format: String,
        example: String?,
        generator: Generator
    ) -> PactValue {
        if let example { return .rule(PactValue(.string(example)), rule) }
        let text = (try? JavaDateTimeFormat(format))?.format(Date(timeIntervalSince1970: 1_700_000_000)) ?? ""
        return .rule(PactValue(.string(text)), rule, generator: generator)
    }

    /// A UUID (lower-case, hyphenated). Without an example the mock answers a random one.
    public static func uuid(_ example: String? = nil) -> PactValue {
        let pattern = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
        if let example { return .rule(PactValue(.string(example)), .regex(pattern)) }
        return .rule(PactValue(.string("e2490de5-5bd3-43d5-b7c4-526e33f71304")), .regex(pattern), generator: .uuid())
    }

    /// A semantic version (`1.2.3`).
    public static func semver(_ example: String) -> PactValue { .rule(PactValue(.string(example)), .semver) }

    /// A value that is present and not empty (not `""`, `[]`, `{}` or null).
    public static func notEmpty(_ example: PactValue) -> PactValue { .rule(example, .notEmpty) }

    /// A value that is present and not empty (a variable of a natural Swift type).
    public static func notEmpty(_ example: some PactValueConvertible) -> PactValue {
        .rule(example.pactValue, .notEmpty)
    }

    /// Hexadecimal digits. Without an example the mock answers `digits` random ones.
    public static func hexadecimal(_ example: String? = nil, digits: Int = 10) -> PactValue {
        if let example { return .rule(PactValue(.string(example)), .regex("[0-9a-fA-F]+")) }
        return .rule(
            PactValue(.string(String(repeating: "a", count: digits))),
            .regex("[0-9a-fA-F]+"),
            generator: .randomHexadecimal(digits: digits)
        )
    }

    /// A map whose keys all satisfy `keys` (e.g. `.regex("[a-z]+")`), values like the example's.
    public static func eachKey(_ example: PactValue, matching keys: MatchingRule) -> PactValue {
        .rule(example, .eachKey([keys]))
    }

    /// A map whose keys all satisfy `keys` (a variable of a natural Swift type as the example).
    public static func eachKey(_ example: some PactValueConvertible, matching keys: MatchingRule) -> PactValue {
        .rule(example.pactValue, .eachKey([keys]))
    }

    /// A map or array whose values all satisfy `rule`.
    public static func eachValue(_ example: PactValue, matching rule: MatchingRule) -> PactValue {
        .rule(example, .eachValue([rule]))
    }

    /// A map or array whose values all satisfy `rule` (a variable of a natural Swift type as the example).
    public static func eachValue(_ example: some PactValueConvertible, matching rule: MatchingRule) -> PactValue {
        .rule(example.pactValue, .eachValue([rule]))
    }

    /// An array that contains, in any order, an item matching each of the variants.
    public static func arrayContaining(_ variants: [PactValue]) -> PactValue {
        var compiledVariants: [ArrayContainsVariant] = []
        for (index, variant) in variants.enumerated() {
            let compiled = variant.compile()
            compiledVariants.append(
                ArrayContainsVariant(index: index, rules: compiled.rules, generators: compiled.generators)
            )
        }
        return .rule(PactValue(.array(variants)), .arrayContains(compiledVariants))
    }

    /// An array that contains, in any order, an item matching each of the variants (variables of a natural Swift
    /// type).
    public static func arrayContaining(_ variants: [some PactValueConvertible]) -> PactValue {
        .arrayContaining(variants.map(\.pactValue))
    }

    /// A value the provider supplies from its provider state: the verifier fills in `expression`
    /// (`"/books/${id}"`, or `"${id}"` for the whole value) from what the state returned.
    public static func fromProviderState(_ expression: String, example: PactValue) -> PactValue {
        PactValue(.matched(example, rules: [.type], logic: .and, generator: .providerState(expression: expression)))
    }

    /// A value the provider supplies from its provider state (a variable of a natural Swift type as the example).
    public static func fromProviderState(_ expression: String, example: some PactValueConvertible) -> PactValue {
        .fromProviderState(expression, example: example.pactValue)
    }

    /// A URL that points at the mock server when the consumer test runs: the part matched by the regex's
    /// first group (e.g. the path) is kept and the mock server's address put in front of it.
    public static func mockServerURL(_ example: String, regex: String) -> PactValue {
        .rule(PactValue(.string(example)), .regex(regex), generator: .mockServerURL(example: example, regex: regex))
    }

    /// Any rules on an example, combined with AND (default) or OR.
    public static func matching(
        _ example: PactValue,
        _ rules: [MatchingRule],
        combine logic: RuleLogic = .and
    ) -> PactValue {
        PactValue(.matched(example, rules: rules, logic: logic, generator: nil))
    }

    /// Any rules on an example of a natural Swift type, combined with AND (default) or OR.
    public static func matching(
        _ example: some PactValueConvertible,
        _ rules: [MatchingRule],
        combine logic: RuleLogic = .and
    ) -> PactValue {
        .matching(example.pactValue, rules, combine: logic)
    }

    /// An example whose value the mock answers from a generator.
    public static func generated(_ example: PactValue, by generator: Generator) -> PactValue {
        PactValue(.matched(example, rules: [], logic: .and, generator: generator))
    }

    /// An example of a natural Swift type whose value the mock answers from a generator.
    public static func generated(_ example: some PactValueConvertible, by generator: Generator) -> PactValue {
        .generated(example.pactValue, by: generator)
    }

    private static func rule(_ example: PactValue, _ rule: MatchingRule, generator: Generator? = nil) -> PactValue {
        PactValue(.matched(example, rules: [rule], logic: .and, generator: generator))
    }
}

extension PactValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { node = .literal(.string(value)) }
    public init(integerLiteral value: Int) { node = .literal(.integer(value)) }
    public init(floatLiteral value: Double) { node = .literal(.decimal(value)) }
    public init(booleanLiteral value: Bool) { node = .literal(.bool(value)) }
    public init(arrayLiteral elements: PactValue...) { node = .array(elements) }
    public init(dictionaryLiteral elements: (String, PactValue)...) {
        var object: [String: PactValue] = [:]
        for (key, value) in elements { object[key] = value }
        node = .object(object)
    }
    public init(nilLiteral: ()) { node = .literal(.null) }
}

/// What a `PactValue` becomes in a contract: the example, and rules and generators by JSON path.
struct CompiledValue: Sendable {
    var example: JSONValue
    var rules: MatchingRuleCategory
    var generators: [String: Generator]
    /// What could not be built, each naming its JSON path (an example that could not be encoded, a rule that could
    /// not be added): the contract test that uses the value fails with these.
    var problems: [String] = []

    /// The example as text (a path, a header or query value).
    var exampleText: String { example.stringValue ?? example.jsonText }

    /// The example as the values of a header, query parameter or form field: each item of an array, else the one value.
    var exampleTexts: [String] {
        guard case .array(let items) = example else { return [exampleText] }
        return items.map { $0.stringValue ?? $0.jsonText }
    }

    /// The problems, each named by the part of the request, response or message it is in (`header Accept $: …`).
    func problems(in part: String) -> [String] { problems.map { "\(part) \($0)" } }
}

extension PactValue {
    /// The example with its rules and generators at paths below `$`.
    func compile() -> CompiledValue {
        var compiled = CompiledValue(example: .null, rules: MatchingRuleCategory(), generators: [:])
        compiled.example = compile(at: [.root], into: &compiled)
        return compiled
    }

    /// The value when it is a plain string (for paths, header and query values).
    var exampleText: String { compile().exampleText }

    private func compile(at path: [PathExpression.Segment], into compiled: inout CompiledValue) -> JSONValue {
        switch node {
        case .literal(let value):
            return value
        case .invalid(let problem):
            compiled.problems.append("\(PathExpression.text(path)): \(problem)")
            return .null
        case .array(let items):
            return .array(
                items.enumerated().map { index, item in item.compile(at: path + [.index(index)], into: &compiled) }
            )
        case .object(let object):
            var result: [String: JSONValue] = [:]
            for key in object.keys.sorted() {
                result[key] = object[key]!.compile(at: path + [.field(key)], into: &compiled)
            }
            return .object(result)
        case .matched(let example, let list, let logic, let generator):
            let key = PathExpression.text(path)
            if !list.isEmpty { PactValue.add(RuleList(list, logic: logic), at: key, to: &compiled) }
            if let generator { compiled.generators[key] = generator }
            return example.compile(at: path, into: &compiled)
        case .eachLike(let example, let min, let max, let count):
            let key = PathExpression.text(path)
            PactValue.add(RuleList([.type(min: min, max: max)], logic: .and), at: key, to: &compiled)
            // The item's own rules apply to every item: compile it once at `[*]` and repeat the example.
            let item = example.compile(at: path + [.anyIndex], into: &compiled)
            return .array(Array(repeating: item, count: count))
        }
    }

    private static func add(_ list: RuleList, at key: String, to compiled: inout CompiledValue) {
        do {
            try compiled.rules.add(list, at: key)
        } catch {
            compiled.problems.append("\(key): the matcher could not be added: \(error)")
        }
    }
}
