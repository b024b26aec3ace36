import PactumCore
import Testing

@Suite("XML")
struct BodiesXMLTests {
    @Test func parsesElementsAttributesAndNamespaces() throws {
        let root = try XMLDocumentParser.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- leading comment -->
            <soap:Envelope xmlns:soap="urn:soap" xmlns="urn:default" z="1" b="2" soap:c="3" gt="a>b">
              <soap:Body>
                <item id="7">Widget</item>
                <plain xmlns="">x</plain>
              </soap:Body>
            </soap:Envelope>
            """
        )
        #expect(root.name == "soap:Envelope")
        #expect(root.prefix == "soap")
        #expect(root.localName == "Envelope")
        #expect(root.namespaceURI == "urn:soap")
        #expect(root.attributes.map(\.name) == ["xmlns:soap", "xmlns", "z", "b", "soap:c", "gt"])
        #expect(root.attributesExcludingNamespaceDeclarations.map(\.name) == ["z", "b", "soap:c", "gt"])
        #expect(root.attributeDictionary["b"] == "2")
        #expect(root[attribute: "gt"] == "a>b")
        #expect(root.attribute("missing") == nil)
        #expect(XMLElement.isNamespaceDeclaration("xmlns:soap"))
        #expect(!XMLElement.isNamespaceDeclaration("xmlnsx"))

        let body = try #require(root.firstChild(named: "soap:Body"))
        #expect(root.children.count == 1, "whitespace-only text between elements is dropped")
        #expect(body.childElements.map(\.name) == ["item", "plain"])
        let item = try #require(body.firstChild(named: "item"))
        #expect(item.namespaceURI == "urn:default")
        #expect(item.prefix == nil)
        #expect(item.localName == "item")
        #expect(item.textContent == "Widget")
        #expect(body.childElements(named: "plain").first?.namespaceURI == nil)
        #expect(root.descendantTexts == ["Widget", "x"])
    }

    @Test func textEntitiesCDATAAndDroppedNodes() throws {
        let root = try XMLDocumentParser.parse(
            "<a>  one &amp; &lt;two&gt; &#65;&#x42; <![CDATA[<raw> & ]]>end<!-- gone --><?pi gone?>  <b/>tail </a>"
        )
        #expect(
            root.children == [
                .text("  one & <two> AB <raw> & end  "),
                .element(XMLElement(name: "b")),
                .text("tail "),
            ]
        )
        #expect(root.textContent == "one & <two> AB <raw> & end  tail")
        #expect(root.children.first?.text != nil)
        #expect(root.children[1].element?.name == "b")
    }

    @Test func whitespacePreservation() throws {
        let xml = "<a>\n  <b> </b>\n</a>"
        let compact = try XMLDocumentParser.parse(xml)
        #expect(compact.children == [.element(XMLElement(name: "b"))])
        let preserved = try XMLDocumentParser.parse(xml, preserveWhitespace: true)
        #expect(
            preserved.children == [
                .text("\n  "), .element(XMLElement(name: "b", children: [.text(" ")])), .text("\n"),
            ]
        )
        #expect(preserved.textContent == "")
    }

    @Test func writesDeterministicEscapedXML() throws {
        let element = XMLElement(
            name: "p:root",
            namespaceURI: "urn:p",
            attributes: [(name: "xmlns:p", value: "urn:p"), (name: "q", value: "a\"b<c>&\n\td")],
            children: [.text("1 < 2 && 3 > 2 ]]> \r"), .element(XMLElement(name: "empty")), .text("\u{1}")]
        )
        #expect(
            element.xmlString == "<p:root xmlns:p=\"urn:p\" q=\"a&quot;b&lt;c&gt;&amp;&#10;&#9;d\">"
                + "1 &lt; 2 &amp;&amp; 3 &gt; 2 ]]&gt; &#13;<empty/>\u{FFFD}</p:root>"
        )
        #expect(element.description == element.xmlString)
        #expect(XMLElement(name: "x").xmlDocumentString == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><x/>")

        let reparsed = try XMLDocumentParser.parse(element.xmlString, preserveWhitespace: true)
        #expect(reparsed.attributes.map(\.value) == ["urn:p", "a\"b<c>&\n\td"])
        #expect(reparsed.children.first == .text("1 < 2 && 3 > 2 ]]> \r"))
    }

    @Test func roundTrip() throws {
        let xml = "<r xmlns=\"urn:r\" a=\"1\"><c k=\"v\">t</c><c/><d>é 😀</d></r>"
        let parsed = try XMLDocumentParser.parse(xml)
        #expect(parsed.xmlString == xml)
        #expect(try XMLDocumentParser.parse(parsed.xmlString) == parsed)
    }

    @Test func declaredEncodingOfTextInput() throws {
        let root = try XMLDocumentParser.parse("<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\u{e9}</a>")
        #expect(root.textContent == "caf\u{e9}")
        let fromBytes = try XMLDocumentParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("<a>\u{e9}</a>".utf8))
        #expect(fromBytes.textContent == "\u{e9}")
    }

    @Test(arguments: [
        ("<a>\n<b></a>", 2, 8, "the end tag does not match the open start tag"),
        ("<a><b></b>", 1, 11, "unexpected end of the document: element <a> is not closed"),
        ("<a", 1, 3, "unexpected end of the document: the root element is not complete"),
        ("", 1, 1, "the document is empty; expected a root element such as <root/>"),
        ("  \n ", 2, 2, "the document is empty; expected a root element such as <root/>"),
        ("just text", 1, 1, "the document is empty or does not start with an element"),
        ("<a></a><b/>", 1, 8, "extra content at the end of the document (only one root element is allowed)"),
        ("<a b='1' b='2'/>", 1, 15, "an attribute is given twice on the same element"),
        ("<a b=1/>", 1, 6, "an attribute value must be in quotes"),
        ("<a>&</a>", 1, 5, "a name is required here (after '<' or '&'); write '&amp;' for a literal ampersand"),
        ("<a>x\u{0}y</a>", 1, 5, "invalid character in the document (for example NUL or another control character)"),
        ("<p:a/>", 1, 5, "a namespace prefix is used but not declared; add xmlns:prefix=\"...\""),
    ])
    func malformedDocuments(xml: String, line: Int, column: Int, message: String) {
        let error = #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(xml) }
        #expect(error?.message == message)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.description == "invalid XML at line \(line), column \(column): \(message)")
    }

    @Test func rejectsDoctypeAndEntities() {
        let doctypeMessage =
            "DOCTYPE declarations are not allowed (they can declare entities that expand or load "
            + "external files); remove the <!DOCTYPE ...> line"
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
            <lolz>&lol2;</lolz>
            """
        let bombError = #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(bomb) }
        #expect(bombError?.message == doctypeMessage)
        #expect(bombError?.line == 2)
        #expect(bombError?.column == 1)

        let xxe = "<!-- c --><?pi x?>\n  <!doctype a SYSTEM \"file:///etc/passwd\"><a>&xxe;</a>"
        let xxeError = #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(xxe) }
        #expect(xxeError?.message == doctypeMessage)
        #expect(xxeError?.line == 2)
        #expect(xxeError?.column == 3)

        let undeclared = #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse("<a>&xxe;</a>") }
        #expect(
            undeclared?.message == "entity 'xxe' is not declared; only &amp; &lt; &gt; &quot; &apos; and "
                + "character references are allowed"
        )
    }

    @Test func nestingLimit() throws {
        let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        let error = #expect(throws: XMLParseError.self) { try XMLDocumentParser.parse(deep) }
        #expect(error?.message == "elements are nested more than 256 deep")
        var element = try XMLDocumentParser.parse(deep, maximumDepth: 300)
        var depth = 1
        while let child = element.childElements.first {
            element = child
            depth += 1
        }
        #expect(depth == 300)
    }

    @Test func seededGarbageNeverCrashes() {
        var generator = BodiesSeededGenerator(seed: 99)
        let alphabet = Array("<>/=\"' abc:&;![]-?x\n".unicodeScalars)
        for _ in 0..<150 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
            }
            if let root = try? XMLDocumentParser.parse(text) {
                #expect(!root.name.isEmpty)
            }
        }
    }
}
