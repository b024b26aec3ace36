/// A generator: replaces an example value with a generated one when a mock server answers
/// or a verifier sends a request (Pact V3/V4 `generators`).
///
/// Create them with the static members (`.randomInt(min:max:)`, `.uuid(format:)`, …), or read them from
/// contract JSON with ``init(json:)``. Generators read from JSON remember it and are written back unchanged.
public struct Generator: Hashable, Sendable {
    enum Storage: Hashable, Sendable {
        case randomInt(min: Int, max: Int)
        case randomDecimal(digits: Int)
        case randomHexadecimal(digits: Int)
        case randomString(size: Int)
        case regex(String)
        case uuid(UUIDFormat)
        case date(format: String?, expression: String?)
        case time(format: String?, expression: String?)
        case dateTime(format: String?, expression: String?)
        case randomBoolean
        case providerState(expression: String, dataType: String?)
        case mockServerURL(example: String, regex: String)
        /// A generator this version of Pactum does not know; kept so it is written back unchanged.
        case unknown([String: JSONValue])
    }

    /// The textual forms of a generated UUID.
    public enum UUIDFormat: String, Hashable, Sendable, CaseIterable {
        /// `936da01f9abd4d9d80c702af85c822a8`
        case simple
        /// `936da01f-9abd-4d9d-80c7-02af85c822a8` (the default)
        case lowerCaseHyphenated = "lower-case-hyphenated"
        /// `936DA01F-9ABD-4D9D-80C7-02AF85C822A8`
        case upperCaseHyphenated = "upper-case-hyphenated"
        /// `urn:uuid:936da01f-9abd-4d9d-80c7-02af85c822a8`
        case urn = "URN"
    }

    var storage: Storage
    /// The JSON this generator was read from, written back as-is for a lossless round trip.
    var sourceJSON: [String: JSONValue]?

    init(_ storage: Storage, sourceJSON: [String: JSONValue]? = nil) {
        self.storage = storage
        self.sourceJSON = sourceJSON
    }

    public static func == (lhs: Generator, rhs: Generator) -> Bool { lhs.storage == rhs.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }

    public static func randomInt(min: Int = 0, max: Int = 10) -> Generator { Generator(.randomInt(min: min, max: max)) }
    public static func randomDecimal(digits: Int = 10) -> Generator { Generator(.randomDecimal(digits: digits)) }
    public static func randomHexadecimal(digits: Int = 10) -> Generator {
        Generator(.randomHexadecimal(digits: digits))
    }
    public static func randomString(size: Int = 10) -> Generator { Generator(.randomString(size: size)) }
    /// A string that matches the regular expression.
    public static func regex(_ pattern: String) -> Generator { Generator(.regex(pattern)) }
    public static func uuid(format: UUIDFormat = .lowerCaseHyphenated) -> Generator { Generator(.uuid(format)) }
    /// A date in a Java-style format (default `yyyy-MM-dd`), optionally moved by an expression such as `+ 1 day`.
    public static func date(format: String? = nil, expression: String? = nil) -> Generator {
        Generator(.date(format: format, expression: expression))
    }
    /// A time in a Java-style format (default `HH:mm:ss`), optionally moved by an expression such as `+ 2 hours`.
    public static func time(format: String? = nil, expression: String? = nil) -> Generator {
        Generator(.time(format: format, expression: expression))
    }
    /// A date-time in a Java-style format (default ISO 8601), optionally moved by an expression such as
    /// `+ 1 day @ midnight`.
    public static func dateTime(format: String? = nil, expression: String? = nil) -> Generator {
        Generator(.dateTime(format: format, expression: expression))
    }
    public static let randomBoolean = Generator(.randomBoolean)
    /// A value taken from the provider state, e.g. `"/users/${id}"`. `dataType` is one of
    /// `STRING`, `INTEGER`, `DECIMAL`, `FLOAT`, `BOOLEAN`, `RAW`.
    public static func providerState(expression: String, dataType: String? = nil) -> Generator {
        Generator(.providerState(expression: expression, dataType: dataType))
    }
    /// A URL pointing at the mock server: the part of `example` after the `regex`'s first group is kept.
    public static func mockServerURL(example: String, regex: String) -> Generator {
        Generator(.mockServerURL(example: example, regex: regex))
    }

    /// The Pact `type` name of this generator (`RandomInt`, `Uuid`, …).
    public var typeName: String {
        switch storage {
        case .randomInt: return "RandomInt"
        case .randomDecimal: return "RandomDecimal"
        case .randomHexadecimal: return "RandomHexadecimal"
        case .randomString: return "RandomString"
        case .regex: return "Regex"
        case .uuid: return "Uuid"
        case .date: return "Date"
        case .time: return "Time"
        case .dateTime: return "DateTime"
        case .randomBoolean: return "RandomBoolean"
        case .providerState: return "ProviderState"
        case .mockServerURL: return "MockServerURL"
        case .unknown(let raw): return raw["type"]?.stringValue ?? "unknown"
        }
    }
}
