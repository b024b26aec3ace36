/// Percent-encoding (RFC 3986 §2.1) for each part of a URL: one function per component, each keeping exactly the
/// bytes that component allows and writing every other UTF-8 byte as `%XX` with upper-case hex.
///
/// Use the function of the component the text goes into: a name in a path is a ``pathSegment(_:)`` (a `/` in it
/// is encoded), a name or value in a query string a ``queryComponent(_:)`` (`&`, `=`, `+` and `;` are encoded, so
/// they cannot split a pair), a form body's a ``formComponent(_:)``. Only ASCII is ever kept: a letter such as `ü`
/// is always encoded (Foundation's `CharacterSet.alphanumerics` would keep it).
public enum PercentEncoding {
    /// A path segment (RFC 3986 `segment`): unreserved characters, sub-delimiters, `:` and `@` kept; `/`, `?`,
    /// `#`, `%`, spaces and every non-ASCII byte encoded.
    public static func pathSegment(_ text: String) -> String { encode(text, keeping: segmentBytes) }

    /// A whole path (RFC 3986 `path-absolute`): as ``pathSegment(_:)`` with `/` kept. A `%` is encoded, so a path
    /// is sent as written, never decoded on the way.
    public static func path(_ text: String) -> String { encode(text, keeping: pathBytes) }

    /// A name or value of a `name=value&…` query (RFC 3986 `query` without the pair delimiters): unreserved
    /// characters and `!$'()*,:@/?` kept; `&`, `=`, `+`, `;`, `#`, `%`, brackets, spaces and non-ASCII encoded.
    public static func queryComponent(_ text: String) -> String { encode(text, keeping: queryBytes) }

    /// A name or value of an `application/x-www-form-urlencoded` body or query, as browsers, Ruby's `CGI.escape`
    /// and the official Pact verifier write it: ASCII letters, digits and `*-._` kept, a space as `+`, every other
    /// byte encoded.
    public static func formComponent(_ text: String) -> String {
        encode(text, keeping: formBytes, spaceAsPlus: true)
    }

    /// Everything but the RFC 3986 unreserved characters (letters, digits, `-._~`) encoded: a value expanded into
    /// an RFC 6570 URI template's `{name}` (HAL links), safe in any component.
    public static func unreserved(_ text: String) -> String { encode(text, keeping: unreservedBytes) }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func table(_ extra: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8 { table[Int(byte)] = true }
        for byte in extra.utf8 { table[Int(byte)] = true }
        return table
    }

    private static let unreservedBytes = table("-._~")
    private static let segmentBytes = table("-._~!$&'()*+,;=:@")
    private static let pathBytes = table("-._~!$&'()*+,;=:@/")
    private static let queryBytes = table("-._~!$'()*,:@/?")
    private static let formBytes = table("*-._")

    private static func encode(_ text: String, keeping kept: [Bool], spaceAsPlus: Bool = false) -> String {
        let utf8 = text.utf8
        if utf8.allSatisfy({ kept[Int($0)] }) { return text }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if kept[Int(byte)] {
                output.append(byte)
            } else if spaceAsPlus, byte == UInt8(ascii: " ") {
                output.append(UInt8(ascii: "+"))
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
