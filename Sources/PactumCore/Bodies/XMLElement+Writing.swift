extension XMLElement {
    /// The element as compact XML text without an XML declaration. Deterministic: attributes in
    /// their stored order, `<name/>` for an element without children, no added whitespace.
    ///
    /// Text escapes `&`, `<`, `>` and CR; attribute values (always in double quotes) also escape
    /// `"`, tab and LF so they read back unchanged. Characters XML 1.0 cannot hold (control
    /// characters other than tab, LF and CR) are written as U+FFFD.
    public var xmlString: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// The element as a document: `<?xml version="1.0" encoding="UTF-8"?>` followed by `xmlString`.
    public var xmlDocumentString: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xmlString
    }

    private func write(to output: inout String) {
        output += "<"
        output += name
        for attribute in attributes {
            output += " "
            output += attribute.name
            output += "=\""
            Self.escape(attribute.value, inAttribute: true, to: &output)
            output += "\""
        }
        if children.isEmpty {
            output += "/>"
            return
        }
        output += ">"
        for child in children {
            switch child {
            case .text(let text): Self.escape(text, inAttribute: false, to: &output)
            case .element(let element): element.write(to: &output)
            }
        }
        output += "</"
        output += name
        output += ">"
    }

    private static func escape(_ text: String, inAttribute: Bool, to output: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\r": output += "&#13;"
            case "\"" where inAttribute: output += "&quot;"
            case "\n" where inAttribute: output += "&#10;"
            case "\t" where inAttribute: output += "&#9;"
            case "\t", "\n":
                output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
