import PactumCore

/// Generates a realistic V4 HTTP contract of any size, plus the traffic a provider and a consumer would
/// actually send for it, deterministically from a seed.
///
/// Interactions mix GET/POST/PUT/PATCH/DELETE calls on users, orders, products and events: single resources,
/// pages of 5-20 items, create/update payloads, 204s and 404 error bodies. Bodies are nested JSON of a few KB
/// with `type`, `min` (eachLike), `regex`, `integer`, `number`, `datetime` and `date` rules; paths, query
/// parameters and headers carry regex rules. The actual traffic changes every value a rule allows to change
/// (other ids, dates, array lengths, extra keys and headers), and about one interaction in ten breaks its
/// contract on purpose (`expectMismatch`), so matching does real work and reports real mismatches.
public struct ContractGenerator: Sendable {
    /// The number of interactions to generate.
    public var interactionCount: Int
    /// The seed; the same seed and count always give the same bytes.
    public var seed: UInt64

    /// A generator for `interactionCount` interactions from `seed`.
    public init(interactionCount: Int = 1000, seed: UInt64 = 0x5EED_0001) {
        self.interactionCount = interactionCount
        self.seed = seed
    }

    /// The generated contract (`contract`, a V4 pact) and actual traffic (`actual`), as JSON.
    public func generate() -> (contract: JSONValue, actual: JSONValue) {
        var rng = SplitMix64(seed: seed)
        var interactions: [JSONValue] = []
        var actuals: [JSONValue] = []
        interactions.reserveCapacity(interactionCount)
        actuals.reserveCapacity(interactionCount)
        for index in 0..<interactionCount {
            var builder = InteractionBuilder(index: index)
            let (interaction, actual) = builder.build(using: &rng)
            interactions.append(interaction)
            actuals.append(actual)
        }
        let contract: JSONValue = .object([
            "consumer": .object(["name": "BenchmarkWebApp"]),
            "provider": .object(["name": "BenchmarkCommerceAPI"]),
            "interactions": .array(interactions),
            "metadata": .object([
                "pactSpecification": .object(["version": "4.0"]),
                "pactum": .object(["generator": "Benchmarks/GenerateFixture", "seed": .integer(Int(seed))]),
            ]),
        ])
        let actual: JSONValue = .object([
            "description": "Actual traffic for the benchmark contract, one entry per interaction (same descriptions)",
            "interactions": .array(actuals),
        ])
        return (contract, actual)
    }
}

// MARK: - Body schemas

/// The shape of a generated JSON value and the matching rule that governs it.
indirect enum Schema {
    case identifier  // integer rule
    case count  // integer rule, small
    case uuid  // regex
    case email  // regex
    case word  // type
    case sentence  // type
    case amount  // number
    case flag  // type
    case timestamp  // datetime with format
    case date  // date with format
    case pattern(Pattern)  // regex
    case literal(JSONValue)  // no rule: must be equal
    case object([(String, Schema)])
    case typedObject([(String, Schema)])  // a type rule on the object, cascading to everything below
    case eachLike(Schema, ClosedRange<Int>)  // type rule with min 1 on the array, items' rules at [*]
    case words  // an array of strings under a type rule (min 0)
}

/// String formats that have a regex rule.
enum Pattern {
    case sku, postcode, phone, link, etag, token

    var regex: String {
        switch self {
        case .sku: return "^[A-Z]{3}-[0-9]{4}$"
        case .postcode: return "^[0-9]{5}$"
        case .phone: return "^\\+49 [0-9]{3} [0-9]{6,8}$"
        case .link: return "^/api/v1/[a-z]+(\\?page=[0-9]+&size=[0-9]+)?$"
        case .etag: return "^\"[0-9a-f]{16}\"$"
        case .token: return "^Bearer [A-Za-z0-9._-]{20,}$"
        }
    }

    func example(using rng: inout SplitMix64) -> String {
        switch self {
        case .sku: return rng.string(3, from: "ABCDEFGHJKLMNPQRSTUVWXYZ") + "-" + rng.string(4, from: "0123456789")
        case .postcode: return rng.string(5, from: "0123456789")
        case .phone:
            return "+49 " + rng.string(3, from: "0123456789") + " " + rng.string(rng.int(6...8), from: "0123456789")
        case .link:
            return "/api/v1/" + rng.pick(["users", "orders", "products", "events"]) + "?page=\(rng.int(1...40))&size=20"
        case .etag: return "\"" + rng.string(16, from: "0123456789abcdef") + "\""
        case .token:
            return "Bearer "
                + rng.string(
                    rng.int(24...48),
                    from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"
                )
        }
    }
}

let uuidRegex = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
let emailRegex = "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$"
let timestampFormat = "yyyy-MM-dd'T'HH:mm:ss"
let dateFormat = "yyyy-MM-dd"

func makeUUID(using rng: inout SplitMix64) -> String {
    let hex = "0123456789abcdef"
    return [8, 4, 4, 4, 12].map { rng.string($0, from: hex) }.joined(separator: "-")
}

func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

func dateString(using rng: inout SplitMix64) -> String {
    "\(rng.int(2019...2025))-\(twoDigits(rng.int(1...12)))-\(twoDigits(rng.int(1...28)))"
}

func timestampString(using rng: inout SplitMix64) -> String {
    dateString(using: &rng)
        + "T\(twoDigits(rng.int(0...23))):\(twoDigits(rng.int(0...59))):\(twoDigits(rng.int(0...59)))"
}

let vocabulary = [
    "alpha", "berlin", "carbon", "delta", "ember", "falcon", "garnet", "harbor", "indigo", "juniper", "kepler",
    "lumen", "maple", "nebula", "onyx", "pixel", "quartz", "raven", "sierra", "tundra", "umber", "violet",
    "willow", "xenon", "yarrow", "zephyr",
]

func word(using rng: inout SplitMix64) -> String {
    let word = rng.pick(vocabulary)
    return word.prefix(1).uppercased() + word.dropFirst()
}

func sentence(using rng: inout SplitMix64) -> String {
    (0..<rng.int(4...12)).map { _ in rng.pick(vocabulary) }.joined(separator: " ")
}

func amount(using rng: inout SplitMix64) -> JSONValue {
    .decimal(Double(rng.int(100...99_999)) / 100 + 0.001)
}

/// Builds expected and actual values for a schema, collecting body matching rules by JSON path.
struct BodyBuilder {
    var rules: [String: JSONValue] = [:]

    static func rule(_ matchers: JSONValue...) -> JSONValue {
        .object(["combine": "AND", "matchers": .array(matchers)])
    }

    mutating func addRule(_ path: String, _ matcher: JSONValue, cascaded: Bool) {
        if !cascaded { rules[path] = Self.rule(matcher) }
    }

    /// One expected value (the contract's example) and one actual value (what a provider sends).
    mutating func values(
        _ schema: Schema,
        path: String,
        cascaded: Bool = false,
        using rng: inout SplitMix64
    ) -> (expected: JSONValue, actual: JSONValue) {
        switch schema {
        case .identifier:
            addRule(path, ["match": "integer"], cascaded: cascaded)
            return (.integer(rng.int(1...99_999)), .integer(rng.int(1...9_999_999)))
        case .count:
            addRule(path, ["match": "integer"], cascaded: cascaded)
            return (.integer(rng.int(1...50)), .integer(rng.int(0...500)))
        case .uuid:
            addRule(path, ["match": "regex", "regex": .string(uuidRegex)], cascaded: cascaded)
            return (.string(makeUUID(using: &rng)), .string(makeUUID(using: &rng)))
        case .email:
            addRule(path, ["match": "regex", "regex": .string(emailRegex)], cascaded: cascaded)
            let make = { (rng: inout SplitMix64) -> JSONValue in
                .string(
                    "\(rng.pick(vocabulary)).\(rng.pick(vocabulary))\(rng.int(1...999))"
                        + "@example.\(rng.pick(["com", "org", "de"]))"
                )
            }
            return (make(&rng), make(&rng))
        case .word:
            addRule(path, ["match": "type"], cascaded: cascaded)
            return (.string(word(using: &rng)), .string(word(using: &rng)))
        case .sentence:
            addRule(path, ["match": "type"], cascaded: cascaded)
            return (.string(sentence(using: &rng)), .string(sentence(using: &rng)))
        case .amount:
            addRule(path, ["match": "number"], cascaded: cascaded)
            return (amount(using: &rng), amount(using: &rng))
        case .flag:
            addRule(path, ["match": "type"], cascaded: cascaded)
            return (.bool(rng.int(0...1) == 1), .bool(rng.int(0...1) == 1))
        case .timestamp:
            addRule(path, ["match": "datetime", "format": .string(timestampFormat)], cascaded: cascaded)
            return (.string(timestampString(using: &rng)), .string(timestampString(using: &rng)))
        case .date:
            addRule(path, ["match": "date", "format": .string(dateFormat)], cascaded: cascaded)
            return (.string(dateString(using: &rng)), .string(dateString(using: &rng)))
        case .pattern(let pattern):
            addRule(path, ["match": "regex", "regex": .string(pattern.regex)], cascaded: cascaded)
            return (.string(pattern.example(using: &rng)), .string(pattern.example(using: &rng)))
        case .literal(let value):
            return (value, value)
        case .object(let fields):
            var expected: [String: JSONValue] = [:]
            var actual: [String: JSONValue] = [:]
            for (name, field) in fields {
                let pair = values(field, path: path + "." + name, cascaded: cascaded, using: &rng)
                expected[name] = pair.expected
                actual[name] = pair.actual
            }
            return (.object(expected), .object(actual))
        case .typedObject(let fields):
            addRule(path, ["match": "type"], cascaded: cascaded)
            return values(.object(fields), path: path, cascaded: true, using: &rng)
        case .eachLike(let item, let counts):
            addRule(path, ["match": "type", "min": 1], cascaded: cascaded)
            let expectedCount = rng.int(counts)
            let actualCount = rng.int(counts)
            var expected: [JSONValue] = []
            var actual: [JSONValue] = []
            for index in 0..<max(expectedCount, actualCount) {
                let pair = values(item, path: path + "[*]", cascaded: cascaded, using: &rng)
                if index < expectedCount { expected.append(pair.expected) }
                if index < actualCount { actual.append(pair.actual) }
            }
            return (.array(expected), .array(actual))
        case .words:
            addRule(path, ["match": "type", "min": 0], cascaded: cascaded)
            let expected = (0..<rng.int(1...4)).map { _ in JSONValue.string(rng.pick(vocabulary)) }
            let actual = (0..<rng.int(0...6)).map { _ in JSONValue.string(rng.pick(vocabulary)) }
            return (.array(expected), .array(actual))
        }
    }
}
