/// Small pieces of HTTP header-value grammar (RFC 9110 §5.6) shared by `MediaType`
/// and the multipart `Content-Disposition` reader.
///
/// Everything here is lenient: header values written by hand in contracts are often slightly off,
/// so parameters without `=` are skipped and an unterminated quoted string runs to the end.
enum HeaderValueSyntax {
    /// Whether `scalar` is an RFC 9110 `tchar` (allowed in a token).
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9":
            return true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~":
            return true
        default:
            return false
        }
    }

    /// Whether `text` is a non-empty token.
    static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy(isTokenCharacter)
    }

    /// Whether `scalar` is optional whitespace, including the CR/LF of an obsolete line fold.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
    }

    /// `text` without leading and trailing whitespace (spaces, tabs, CR, LF).
    static func trimmed(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }) else { return text[text.endIndex...] }
        guard let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return text[text.endIndex...] }
        return Substring(scalars[first...last])
    }

    /// Splits `text` at every `separator` that is not inside a double-quoted string.
    static func split(_ text: Substring, separator: Unicode.Scalar) -> [Substring] {
        var pieces: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var index = scalars.startIndex
        var inQuotes = false
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\\" {
                    index = scalars.index(after: index)
                    if index == scalars.endIndex { break }
                } else if scalar == "\"" {
                    inQuotes = false
                }
            } else if scalar == "\"" {
                inQuotes = true
            } else if scalar == separator {
                pieces.append(Substring(scalars[start..<index]))
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        pieces.append(Substring(scalars[start..<scalars.endIndex]))
        return pieces
    }

    /// Removes the quotes and backslash escapes of a quoted string; other text is returned trimmed.
    static func unquote(_ raw: Substring) -> String {
        let text = trimmed(raw)
        guard text.unicodeScalars.first == "\"" else { return String(text) }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.dropFirst().makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\\" {
                if let escaped = scalars.next() { result.append(escaped) }
            } else if scalar == "\"" {
                break
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Quotes `value` when it is not a token (or is empty), escaping `"` and `\`.
    static func quotedIfNeeded(_ value: String) -> String {
        if isToken(Substring(value)) { return value }
        var result = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { result.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        result.append("\"")
        return result
    }

    /// Parses `main; name=value; name="quoted value"` into the trimmed main part and the
    /// parameters in order, names lower-cased, values unquoted. Pieces without `=` are skipped.
    static func parseParameterized(
        _ text: Substring
    )
        -> (main: Substring, parameters: [(name: String, value: String)])
    {
        let pieces = split(text, separator: ";")
        let main = trimmed(pieces[0])
        var parameters: [(name: String, value: String)] = []
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = trimmed(piece[..<equals])
            guard !name.isEmpty else { continue }
            let value = unquote(piece[piece.index(after: equals)...])
            parameters.append((name: name.lowercased(), value: value))
        }
        return (main, parameters)
    }
}
