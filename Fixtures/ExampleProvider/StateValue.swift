/// Any JSON value, as found in the `params` of a provider-state change.
enum StateValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([StateValue])
    case object([String: StateValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([StateValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: StateValue].self))
        }
    }

    /// A whole number, also from a numeric string (query parameters are always strings).
    var intValue: Int? {
        switch self {
        case .number(let value): Int(exactly: value)
        case .string(let text): Int(text)
        default: nil
        }
    }

    var doubleValue: Double? {
        switch self {
        case .number(let value): value
        case .string(let text): Double(text)
        default: nil
        }
    }

    var stringValue: String? {
        switch self {
        case .string(let text): text
        case .number(let value): Int(exactly: value).map(String.init) ?? String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }

    /// An array of strings, or a single string as a one-element array.
    var stringArray: [String]? {
        switch self {
        case .array(let items): items.compactMap(\.stringValue)
        case .string(let text): [text]
        default: nil
        }
    }
}
