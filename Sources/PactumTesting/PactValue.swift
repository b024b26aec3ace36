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
    }

    let node: Node

    init(_ node: Node) { self.node = node }

    /// A literal JSON value, matched by equality.
    public init(_ json: JSONValue) { node = .literal(json) }

    // MARK: Type matchers

    /// Any value of the same JSON type as the example (cascades to everything inside it).
    public static func like(_ example: PactValue) -> PactValue { .rule(example, .type) }

    /// An array of items each like `example`, with at least `min` (default 1) and at most `max` items.
    /// The contract's example holds `count` copies (default: `min`, at least 1).
    public static func eachLike(_ example: PactValue, min: Int = 1, max: Int? = nil, count: Int? = nil) -> PactValue {
        PactValue(.eachLike(example, min: min, max: max, count: Swift.max(count ?? min, 1)))
    }

    /// An array of at least `min` items, each like the example.
    public static func atLeast(_ min: Int, like example: PactValue) -> PactValue { .eachLike(example, min: min) }

    /// An array of at most `max` items, each like the example.
    public static func atMost(_ max: Int, like example: PactValue) -> PactValue {
        PactValue(.eachLike(example, min: nil, max: max, count: 1))
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

    /// A decimal number (with a fraction).
    public static func decimal(_ example: Double = 1.5, generateDigits digits: Int? = nil) -> PactValue {
        .rule(PactValue(.decimal(example)), .decimal, generator: digits.map { .randomDecimal(digits: $0) })
    }

    /// Any number.
    public static func number(_ example: Double) -> PactValue {
        let value: JSONValue =
            example.rounded() == example && abs(example) < 1e15 ? .integer(Int(example)) : .decimal(example)
        return .rule(PactValue(value), .number)
    }

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

    /// JSON `null`.
    public static let null = PactValue.rule(PactValue(.null), .null)

    /// A date in a Java-style format (default `yyyy-MM-dd`). Without an example, today's date is used and the mock
    /// answers a generated one (optionally moved by an expression such as `+ 1 day`).
    public static func date(
        format: String = "yyyy-MM-dd",
        example: String? = nil,
        expression: String? = nil
    ) -> PactValue {
        dateLike(
            .date(format: format),
            format: format,
            example: example,
            generator: .date(format: format, expression: expression)
        )
    }

    /// A time in a Java-style format (default `HH:mm:ss`).
    public static func time(format: String = "HH:mm:ss", example: String? = nil, expression: String? = nil) -> PactValue
    {
        dateLike(
            .time(format: format),
            format: format,
            example: example,
            generator: .time(format: format, expression: expression)
        )
    }

    /// A date-time in a Java-style format (default `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`).
    public static func datetime(
        format: String = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        example: String? = nil,
        expression: String? = nil
    ) -> PactValue {
        dateLike(
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

    /// A map or array whose values all satisfy `rule`.
    public static func eachValue(_ example: PactValue, matching rule: MatchingRule) -> PactValue {
        .rule(example, .eachValue([rule]))
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

    /// A value the provider supplies from its provider state: the verifier fills in `expression`
    /// (`"/books/${id}"`, or `"${id}"` for the whole value) from what the state returned.
    public static func fromProviderState(_ expression: String, example: PactValue) -> PactValue {
        PactValue(.matched(example, rules: [.type], logic: .and, generator: .providerState(expression: expression)))
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

    /// An example whose value the mock answers from a generator.
    public static func generated(_ example: PactValue, by generator: Generator) -> PactValue {
        PactValue(.matched(example, rules: [], logic: .and, generator: generator))
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
}

extension PactValue {
    /// The example with its rules and generators at paths below `$`.
    func compile() -> CompiledValue {
        var rules = MatchingRuleCategory()
        var generators: [String: Generator] = [:]
        let example = compile(at: [.root], rules: &rules, generators: &generators)
        return CompiledValue(example: example, rules: rules, generators: generators)
    }

    /// The value when it is a plain string (for paths, header and query values).
    var exampleText: String {
        let value = compile().example
        return value.stringValue ?? value.jsonText
    }

    private func compile(
        at path: [PathExpression.Segment],
        rules: inout MatchingRuleCategory,
        generators: inout [String: Generator]
    ) -> JSONValue {
        switch node {
        case .literal(let value):
            return value
        case .array(let items):
            return .array(
                items.enumerated().map { index, item in
                    item.compile(at: path + [.index(index)], rules: &rules, generators: &generators)
                }
            )
        case .object(let object):
            var result: [String: JSONValue] = [:]
            for key in object.keys.sorted() {
                result[key] = object[key]!.compile(at: path + [.field(key)], rules: &rules, generators: &generators)
            }
            return .object(result)
        case .matched(let example, let list, let logic, let generator):
            let key = PathExpression.text(path)
            if !list.isEmpty { try? rules.add(RuleList(list, logic: logic), at: key) }
            if let generator { generators[key] = generator }
            return example.compile(at: path, rules: &rules, generators: &generators)
        case .eachLike(let example, let min, let max, let count):
            let key = PathExpression.text(path)
            try? rules.add(.type(min: min, max: max), at: key)
            // The item's own rules apply to every item: compile it once at `[*]` and repeat the example.
            let item = example.compile(at: path + [.anyIndex], rules: &rules, generators: &generators)
            return .array(Array(repeating: item, count: count))
        }
    }
}
