/// Reading and writing `application/x-www-form-urlencoded` text (WHATWG URL standard §5), as used
/// by HTML form bodies and URL query strings.
public enum FormURLEncoded: Sendable {
    /// Splits `s` at `&` into name/value pairs, in order and keeping repeated names.
    ///
    /// `+` means a space and `%XX` a byte; bytes are read as UTF-8 (invalid sequences become
    /// U+FFFD). A `%` not followed by two hex digits is kept literally. A piece without `=` is a name
    /// with an empty value; empty pieces (`a=1&&b=2`) are skipped. A leading `?` is not removed.
    public static func parse(_ s: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for piece in s.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = piece.firstIndex(of: UInt8(ascii: "=")) {
                let name = decode(piece[piece.startIndex..<equals])
                let value = decode(piece[piece.index(after: equals)...])
                result.append((name: name, value: value))
            } else {
                result.append((name: decode(piece), value: ""))
            }
        }
        return result
    }

    /// The parsed pairs grouped by name, values in order of appearance.
    public static func parseGrouped(_ s: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in parse(s) { result[pair.name, default: []].append(pair.value) }
        return result
    }

    /// Decodes one form component: `+` becomes a space, `%XX` a byte, then the bytes are read as UTF-8.
    public static func decode(_ component: String) -> String {
        decode(Substring(component).utf8)
    }

    private static func decode(_ bytes: Substring.UTF8View) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                if first < bytes.endIndex, let high = hexValue(bytes[first]) {
                    let second = bytes.index(after: first)
                    if second < bytes.endIndex, let low = hexValue(bytes[second]) {
                        output.append(high << 4 | low)
                        index = bytes.index(after: second)
                        continue
                    }
                }
                output.append(byte)
            } else {
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Writes pairs as `name=value&name=value`, in the given order. Letters, digits and `*-._` are
    /// kept, a space becomes `+`, everything else is percent-encoded as UTF-8 with upper-case hex.
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    /// Writes a dictionary of repeated values, names sorted so the output is deterministic.
    public static func encode(_ grouped: [String: [String]]) -> String {
        var pairs: [(name: String, value: String)] = []
        for name in grouped.keys.sorted() {
            for value in grouped[name] ?? [] { pairs.append((name: name, value: value)) }
        }
        return encode(pairs)
    }

    /// Encodes one form component (see `encode(_:)` for the rules).
    public static func encode(_ component: String) -> String { PercentEncoding.formComponent(component) }
}
