import Foundation
import PactumCore

/// A Swift value that can be an example in a contract: `String`, the integer and floating-point types,
/// `Decimal`, `Bool`, `JSONValue`, ``PactValue`` itself, and arrays, dictionaries and optionals of these.
///
/// Every matcher that takes an example takes a variable of one of these types as well as a literal:
///
/// ```swift
/// let title = "Dune"
/// let tags = ["sci-fi", "classic"]
/// let body: PactValue = ["title": .like(title), "tags": .eachLike(tags[0]), "isbn": .like(isbn ?? "")]
/// ```
public protocol PactValueConvertible: Sendable {
    /// The value as a contract example, matched by equality.
    var pactValue: PactValue { get }
}

extension PactValue: PactValueConvertible {
    public var pactValue: PactValue { self }
}

extension JSONValue: PactValueConvertible {
    public var pactValue: PactValue { PactValue(self) }
}

extension String: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.string(self)) }
}

extension Substring: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.string(String(self))) }
}

extension Bool: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.bool(self)) }
}

extension Int: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.integer(self)) }
}

extension Int8: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.integer(Int(self))) }
}

extension Int16: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.integer(Int(self))) }
}

extension Int32: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.integer(Int(self))) }
}

extension Int64: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.integer(Int(self))) }
}

extension UInt8: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.integer(Int(self))) }
}

extension UInt16: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.integer(Int(self))) }
}

extension UInt32: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.integer(Int(self))) }
}

extension UInt: PactValueConvertible {
    /// Values above `Int.max` cannot be a JSON integer here and are written as decimals.
    public var pactValue: PactValue {
        self <= UInt(Int.max) ? PactValue(JSONValue.integer(Int(self))) : PactValue(JSONValue.decimal(Double(self)))
    }
}

extension UInt64: PactValueConvertible {
    /// Values above `Int.max` cannot be a JSON integer here and are written as decimals.
    public var pactValue: PactValue {
        self <= UInt64(Int.max) ? PactValue(JSONValue.integer(Int(self))) : PactValue(JSONValue.decimal(Double(self)))
    }
}

extension Double: PactValueConvertible {
    public var pactValue: PactValue { PactValue(JSONValue.decimal(self)) }
}

extension Float: PactValueConvertible {
    /// Converted through its shortest decimal text, so `Float(0.1)` is the example `0.1`, not `0.10000000149…`.
    public var pactValue: PactValue { PactValue(JSONValue.decimal(Double(description) ?? Double(self))) }
}

extension Decimal: PactValueConvertible {
    /// Converted through its decimal text, so `Decimal(string: "9.99")` is the example `9.99`.
    public var pactValue: PactValue {
        let text = (self as NSDecimalNumber).stringValue
        if !text.contains("."), let integer = Int(text) { return PactValue(JSONValue.integer(integer)) }
        return PactValue(JSONValue.decimal(Double(text) ?? (self as NSDecimalNumber).doubleValue))
    }
}

extension Array: PactValueConvertible where Element: PactValueConvertible {
    public var pactValue: PactValue { PactValue(.array(map(\.pactValue))) }
}

extension Dictionary: PactValueConvertible where Key == String, Value: PactValueConvertible {
    public var pactValue: PactValue { PactValue(.object(mapValues(\.pactValue))) }
}

extension Optional: PactValueConvertible where Wrapped: PactValueConvertible {
    /// `nil` is JSON `null`.
    public var pactValue: PactValue { self?.pactValue ?? PactValue(JSONValue.null) }
}

extension PactValue {
    /// A value of a natural Swift type (a variable as well as a literal), matched by equality.
    public init(_ value: some PactValueConvertible) { self = value.pactValue }

    /// The JSON an `Encodable` value encodes to, matched by equality. The encoder's strategies (dates, keys, data)
    /// are honoured. A value that cannot be encoded fails the contract test that uses it, naming the error.
    public init(encoding value: some Encodable, encoder: JSONEncoder = JSONEncoder()) {
        do {
            let data = try encoder.encode(value)
            self.init(try JSONParser.parse(data))
        } catch {
            self.init(.invalid("\(type(of: value)) could not be encoded as JSON: \(error)"))
        }
    }
}
