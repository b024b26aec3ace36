/// An error found while reading an XML body, with the line and column where it was found.
public struct XMLParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, in words (the XML parser's error, or one of our own checks).
    public var message: String
    /// 1-based line of the problem (0 when the parser could not say).
    public var line: Int
    /// 1-based column of the problem (0 when the parser could not say).
    public var column: Int
    /// The underlying parser's error code (libxml2 numbering), when the error came from it.
    public var code: Int?

    public init(message: String, line: Int, column: Int, code: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.code = code
    }

    public var description: String { "invalid XML at line \(line), column \(column): \(message)" }

    /// A readable message for an `XMLParser` error code (libxml2's `xmlParserErrors` numbering).
    static func message(forParserCode code: Int) -> String {
        switch code {
        case 1: return "internal XML parser error"
        case 3, 4: return "the document is empty or does not start with an element"
        case 5: return "extra content at the end of the document (only one root element is allowed)"
        case 6, 7, 8: return "invalid character reference"
        case 9: return "invalid character in the document (for example NUL or another control character)"
        case 10, 14: return "the document ends inside a character or entity reference"
        case 11, 12, 15, 16: return "a character or entity reference outside the root element"
        case 22: return "'&' is not followed by an entity name; write '&amp;' for a literal ampersand"
        case 23: return "an entity reference is missing its ';'"
        case 26, 27:
            return "undeclared entity; only &amp; &lt; &gt; &quot; &apos; and character references are allowed"
        case 28, 29: return "external entities are not allowed"
        case 31, 32: return "the declared encoding is not supported"
        case 33, 34: return "a quoted string is not started or not closed"
        case 35: return "malformed namespace declaration"
        case 38: return "'<' is not allowed in an attribute value; write '&lt;'"
        case 39, 43: return "an attribute value must be in quotes"
        case 40, 44: return "an attribute value is not closed by its quote"
        case 41: return "an attribute has no value; write name=\"value\""
        case 42: return "an attribute is given twice on the same element"
        case 45: return "a comment is not closed by '-->'"
        case 46, 47: return "a processing instruction is malformed or not closed by '?>'"
        case 56, 57: return "the XML declaration is malformed or not closed by '?>'"
        case 61: return "the DOCTYPE declaration is not finished"
        case 62: return "']]>' is not allowed in text"
        case 63: return "a CDATA section is not closed by ']]>'"
        case 64: return "an XML declaration may only appear at the very start of the document"
        case 65: return "whitespace is required here (for example between attributes)"
        case 68: return "a name is required here (after '<' or '&'); write '&amp;' for a literal ampersand"
        case 72: return "'<' is required here"
        case 73: return "'>' is required here; a tag is not closed"
        case 74: return "'</' is required here; an element is not closed"
        case 75: return "'=' is expected after an attribute name"
        case 76: return "the end tag does not match the open start tag"
        case 77: return "an element is not closed before the end of the document"
        case 78: return "the standalone value in the XML declaration must be 'yes' or 'no'"
        case 79, 81: return "the document's encoding is invalid or does not match its declaration"
        case 80: return "'--' is not allowed inside a comment"
        case 85: return "the document is not well-balanced (start and end tags do not pair up)"
        case 86: return "extra content at the end of the document (only one root element is allowed)"
        case 200: return "invalid namespace declaration (empty or reserved namespace URI)"
        case 201: return "a namespace prefix is used but not declared; add xmlns:prefix=\"...\""
        case 202: return "a name has more than one ':' and is not a valid qualified name"
        case 203: return "an attribute is given twice on the same element (same namespace and local name)"
        case 204, 205: return "malformed namespace declaration"
        default: return "XML syntax error (parser error code \(code))"
        }
    }
}
