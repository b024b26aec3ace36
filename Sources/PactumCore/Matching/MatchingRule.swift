/// One matching rule: how an actual value is checked against the contract's example.
///
/// Create them with the static members (`.type`, `.regex("\\d+")`, `.integer`, `.date(format:)`, …).
/// Rules read from a contract file remember their JSON and are written back unchanged.
public struct MatchingRule: Hashable, Sendable {
    /// What a rule checks, with its parameters: `if case .regex(let pattern) = rule.kind { … }`.
    ///
    /// Later versions may add kinds: switch with a `default`.
    public enum Kind: Hashable, Sendable {
        case equality
        case regex(String)
        case type(min: Int?, max: Int?)
        case include(String)
        case integer
        case decimal
        case number
        case boolean
        case null
        case date(String?)
        case time(String?)
        case timestamp(String?)
        case values
        case contentType(String)
        case arrayContains([ArrayContainsVariant])
        case statusCode(StatusCodeClass)
        case notEmpty
        case semver
        case eachKey([MatchingRule])
        case eachValue([MatchingRule])
        /// A rule this version of Pactum does not know (plugins, newer specs); kept and written back.
        case unknown(String)
    }

    var storage: Kind
    /// The JSON this rule was read from, written back as-is for a lossless round trip.
    var sourceJSON: [String: JSONValue]?

    /// What the rule checks, with its parameters.
    public var kind: Kind { storage }

    init(_ storage: Kind, sourceJSON: [String: JSONValue]? = nil) {
        self.storage = storage
        self.sourceJSON = sourceJSON
    }

    public static func == (lhs: MatchingRule, rhs: MatchingRule) -> Bool { lhs.storage == rhs.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }

    /// Values must be equal (resets any cascading type matching).
    public static let equality = MatchingRule(.equality)
    /// The whole value (as a string) must match the regular expression.
    public static func regex(_ pattern: String) -> MatchingRule { MatchingRule(.regex(pattern)) }
    /// Same JSON type as the example; for arrays, optionally at least `min` / at most `max` items.
    public static func type(min: Int? = nil, max: Int? = nil) -> MatchingRule {
        MatchingRule(.type(min: min, max: max))
    }
    public static let type = MatchingRule(.type(min: nil, max: nil))
    /// The value as a string must contain `substring`.
    public static func include(_ substring: String) -> MatchingRule { MatchingRule(.include(substring)) }
    public static let integer = MatchingRule(.integer)
    public static let decimal = MatchingRule(.decimal)
    public static let number = MatchingRule(.number)
    public static let boolean = MatchingRule(.boolean)
    public static let null = MatchingRule(.null)
    /// A date in the Java-style format (default `yyyy-MM-dd`).
    public static func date(format: String? = nil) -> MatchingRule { MatchingRule(.date(format)) }
    /// A time in the Java-style format (default `HH:mm:ss`).
    public static func time(format: String? = nil) -> MatchingRule { MatchingRule(.time(format)) }
    /// A timestamp in the Java-style format (default ISO 8601 `yyyy-MM-dd'T'HH:mm:ssXXX`).
    public static func timestamp(format: String? = nil) -> MatchingRule { MatchingRule(.timestamp(format)) }
    /// Map values are matched against the example values, whatever their keys.
    public static let values = MatchingRule(.values)
    /// The content (binary or text) must be of the media type, detected from its bytes.
    public static func contentType(_ mediaType: String) -> MatchingRule { MatchingRule(.contentType(mediaType)) }
    /// The actual array must contain an item matching each variant, in any order.
    public static func arrayContains(_ variants: [ArrayContainsVariant]) -> MatchingRule {
        MatchingRule(.arrayContains(variants))
    }
    /// The HTTP status must be in the class (`.success`, …) or one of the codes.
    public static func statusCode(_ status: StatusCodeClass) -> MatchingRule { MatchingRule(.statusCode(status)) }
    /// Present and not empty (string, array, object), and not null.
    public static let notEmpty = MatchingRule(.notEmpty)
    /// A semantic version string (`1.2.3-beta+build`).
    public static let semver = MatchingRule(.semver)
    /// Every key of a map must satisfy the rules.
    public static func eachKey(_ rules: [MatchingRule]) -> MatchingRule { MatchingRule(.eachKey(rules)) }
    /// Every value of a map or item of an array must satisfy the rules.
    public static func eachValue(_ rules: [MatchingRule]) -> MatchingRule { MatchingRule(.eachValue(rules)) }

    /// The name used in Pact files (`type`, `regex`, `datetime`, …).
    public var name: String {
        switch storage {
        case .equality: return "equality"
        case .regex: return "regex"
        case .type: return "type"
        case .include: return "include"
        case .integer: return "integer"
        case .decimal: return "decimal"
        case .number: return "number"
        case .boolean: return "boolean"
        case .null: return "null"
        case .date: return "date"
        case .time: return "time"
        case .timestamp: return "datetime"
        case .values: return "values"
        case .contentType: return "contentType"
        case .arrayContains: return "arrayContains"
        case .statusCode: return "statusCode"
        case .notEmpty: return "notEmpty"
        case .semver: return "semver"
        case .eachKey: return "eachKey"
        case .eachValue: return "eachValue"
        case .unknown(let name): return name
        }
    }

    /// Whether this rule checks only the type of a value (so it cascades to children).
    var isTypeRule: Bool {
        switch storage {
        case .type, .integer, .decimal, .number, .boolean, .null, .regex, .date, .time, .timestamp, .include, .semver,
            .notEmpty, .contentType:
            return true
        default: return false
        }
    }
}

/// One variant of an `arrayContains` rule: the example at `index` with its own rules and generators.
public struct ArrayContainsVariant: Hashable, Sendable {
    public var index: Int
    public var rules: MatchingRuleCategory
    public var generators: [String: Generator]

    public init(index: Int, rules: MatchingRuleCategory = MatchingRuleCategory(), generators: [String: Generator] = [:])
    {
        self.index = index
        self.rules = rules
        self.generators = generators
    }
}

/// The statuses a `statusCode` rule accepts.
public struct StatusCodeClass: Hashable, Sendable, CustomStringConvertible {
    enum Storage: Hashable, Sendable {
        case information, success, redirect, clientError, serverError, nonError, error
        case codes([Int])
    }
    var storage: Storage

    public static let information = StatusCodeClass(storage: .information)
    public static let success = StatusCodeClass(storage: .success)
    public static let redirect = StatusCodeClass(storage: .redirect)
    public static let clientError = StatusCodeClass(storage: .clientError)
    public static let serverError = StatusCodeClass(storage: .serverError)
    public static let nonError = StatusCodeClass(storage: .nonError)
    public static let error = StatusCodeClass(storage: .error)
    public static func codes(_ codes: [Int]) -> StatusCodeClass { StatusCodeClass(storage: .codes(codes)) }

    public func contains(_ status: Int) -> Bool {
        switch storage {
        case .information: return (100...199).contains(status)
        case .success: return (200...299).contains(status)
        case .redirect: return (300...399).contains(status)
        case .clientError: return (400...499).contains(status)
        case .serverError: return (500...599).contains(status)
        case .nonError: return status < 400
        case .error: return status >= 400
        case .codes(let codes): return codes.contains(status)
        }
    }

    public var description: String {
        switch storage {
        case .information: return "information status (1xx)"
        case .success: return "successful status (2xx)"
        case .redirect: return "redirect status (3xx)"
        case .clientError: return "client error status (4xx)"
        case .serverError: return "server error status (5xx)"
        case .nonError: return "non-error status (< 400)"
        case .error: return "error status (>= 400)"
        case .codes(let codes): return "status in [\(codes.map(String.init).joined(separator: ", "))]"
        }
    }

    var json: JSONValue {
        switch storage {
        case .information: return "info"
        case .success: return "success"
        case .redirect: return "redirect"
        case .clientError: return "clientError"
        case .serverError: return "serverError"
        case .nonError: return "nonError"
        case .error: return "error"
        case .codes(let codes): return .array(codes.map { .integer($0) })
        }
    }

    init(storage: Storage) { self.storage = storage }

    init?(json: JSONValue) {
        switch json {
        case .string("info"), .string("information"): storage = .information
        case .string("success"): storage = .success
        case .string("redirect"): storage = .redirect
        case .string("clientError"): storage = .clientError
        case .string("serverError"): storage = .serverError
        case .string("nonError"): storage = .nonError
        case .string("error"): storage = .error
        case .array(let items):
            let codes = items.compactMap(\.intValue)
            guard codes.count == items.count else { return nil }
            storage = .codes(codes)
        case .integer(let code): storage = .codes([code])
        default: return nil
        }
    }
}
