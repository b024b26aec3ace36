import PactumCore
import Testing

@Suite("MediaType")
struct BodiesMediaTypeTests {
    @Test func parsesTypeSubtypeAndParameters() throws {
        let mediaType = try #require(MediaType("Application/JSON; Charset=\"UTF-8\"; Version=V2"))
        #expect(mediaType.type == "application")
        #expect(mediaType.subtype == "json")
        #expect(mediaType.essence == "application/json")
        #expect(mediaType.parameters == ["charset": "UTF-8", "version": "V2"])
        #expect(mediaType.charset == "UTF-8")
        #expect(mediaType.parameter("VERSION") == "V2")
        #expect(mediaType.parameterList.map(\.name) == ["charset", "version"])
        #expect(mediaType.description == "application/json; charset=UTF-8; version=V2")
    }

    @Test func quotedValuesAndEscapes() throws {
        let mediaType = try #require(MediaType(#"text/plain; title="a; b, \"c\""; x=1"#))
        #expect(mediaType.parameters["title"] == #"a; b, "c""#)
        #expect(mediaType.parameters["x"] == "1")
        #expect(mediaType.description == #"text/plain; title="a; b, \"c\""; x=1"#)
    }

    @Test func foldedHeaderValue() throws {
        let folded = "Text/x-Okie; charset=iso-8859-1;\n    declaration=\"<950118.AEB0@XIson.com>\""
        let mediaType = try #require(MediaType(folded))
        #expect(mediaType.essence == "text/x-okie")
        #expect(mediaType.parameters == ["charset": "iso-8859-1", "declaration": "<950118.AEB0@XIson.com>"])
    }

    @Test func rejectsMalformedMediaTypes() {
        for text in ["", "json", "application/", "/json", "application json/x", "app(x)/json", "a/b/c", ";charset=x"] {
            #expect(MediaType(text) == nil, "\(text) should not parse")
        }
    }

    @Test func lenientAboutBadParameters() throws {
        let mediaType = try #require(MediaType("text/plain; ; novalue; =x; charset=utf-8; charset=latin1; q=\"open"))
        #expect(mediaType.parameters == ["charset": "utf-8", "q": "open"])
    }

    @Test func equivalence() throws {
        let a = try #require(MediaType("application/json; charset=UTF-8; a=1"))
        let b = try #require(MediaType("APPLICATION/Json;a=1;charset=utf-8"))
        let c = try #require(MediaType("application/json; charset=UTF-8; a=A"))
        let d = try #require(MediaType("application/json; charset=UTF-8"))
        #expect(a.isEquivalent(to: b))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(!a.isEquivalent(to: c), "non-charset values are case-sensitive")
        #expect(!a.isEquivalent(to: d))
        #expect(Set([a, b, c]).count == 2)
    }

    @Test func classification() throws {
        func media(_ s: String) throws -> MediaType { try #require(MediaType(s)) }
        for json in [
            "application/json", "application/hal+json", "application/vnd.api+json; charset=utf-8",
            "application/x-json", "text/json", "application/problem+json",
        ] {
            #expect(try media(json).isJSON, "\(json)")
        }
        for notJSON in ["application/x-ndjson", "text/plain", "application/xml", "image/json-ish"] {
            #expect(try !media(notJSON).isJSON, "\(notJSON)")
        }
        for xml in ["application/xml", "text/xml", "application/atom+xml", "image/svg+xml", "application/x-xml"] {
            #expect(try media(xml).isXML, "\(xml)")
        }
        #expect(try !media("application/xml-dtd").isXML)
        #expect(try media("text/csv").isText)
        #expect(try !media("application/json").isText)
        #expect(try media("application/x-www-form-urlencoded; charset=utf-8").isFormURLEncoded)
        #expect(try media("multipart/form-data; boundary=x").isMultipart)
        #expect(try media("multipart/form-data; boundary=x").isMultipartFormData)
        #expect(try media("multipart/form-data; boundary=x").boundary == "x")
        for binary in [
            "image/png", "application/octet-stream", "application/pdf", "audio/mpeg", "video/mp4",
            "font/woff2", "application/x-protobuf", "application/vnd.ms-excel",
        ] {
            #expect(try media(binary).isBinary, "\(binary)")
        }
        for notBinary in [
            "text/plain", "application/json", "application/xml", "image/svg+xml", "multipart/mixed",
            "application/javascript", "application/x-www-form-urlencoded", "application/yaml",
        ] {
            #expect(try !media(notBinary).isBinary, "\(notBinary)")
        }
    }

    @Test func wildcardsAndLists() throws {
        let list = try #require(MediaType.parseList("text/html, application/xhtml+xml;q=0.9, */*;q=0.8"))
        #expect(list.map(\.essence) == ["text/html", "application/xhtml+xml", "*/*"])
        #expect(list[2].covers(.json))
        #expect(try #require(MediaType("text/*")).covers(.plainText))
        #expect(try !#require(MediaType("text/*")).covers(.json))
        #expect(MediaType.parseList("text/html, nonsense") == nil)
        #expect(MediaType.parseList(#"a/b; x="1,2", c/d"#)?.count == 2)
    }

    @Test func construction() {
        let mediaType = MediaType(type: "Multipart", subtype: "Form-Data", parameters: ["boundary": "a b"])
        #expect(mediaType.description == "multipart/form-data; boundary=\"a b\"")
        #expect(MediaType(mediaType.description) == mediaType)
        #expect(MediaType.json.withoutParameters == .json)
        #expect(MediaType("application/hal+json")?.suffix == "json")
    }
}

@Suite("MediaType header value comparison")
struct BodiesMediaTypeHeaderTests {
    /// The Content-Type / Accept cases of the Pact V3 request and response header test suites.
    @Test(arguments: [
        ("application/json; charset=UTF-16", "application/json; charset=UTF-8", false),
        ("application/json;charset=utf-8", "application/json; charset=UTF-8", true),
        ("application/json", "application/json; charset=UTF-8", true),
        (
            "Text/x-Okie; charset=iso-8859-1;\n    declaration=\"<950118.AEB0@XIson.com>\"",
            "Text/x-Okie; declaration=\"<950118.AEB0@XIson.com>\";\n    charset=iso-8859-1", true
        ),
        ("alligators", "alligators", true),
        ("alligators", "Alligators", false),
        ("hippos", "hippos", true),
        ("alligators, hippos", "hippos, alligators", false),
        ("alligators,hippos", "alligators, hippos", true),
    ])
    func pactSpecV3Cases(expected: String, actual: String, shouldMatch: Bool) {
        #expect(MediaType.headerValuesMatch(expected: expected, actual: actual) == shouldMatch)
    }

    @Test func mismatchMessages() {
        #expect(
            MediaType.headerValueMismatch(
                expected: "application/json; charset=UTF-16",
                actual: "application/json; charset=UTF-8"
            ) == "expected 'application/json; charset=UTF-16' but was 'application/json; charset=UTF-8': "
                + "parameter 'charset' was 'UTF-8' instead of 'UTF-16'"
        )
        #expect(
            MediaType.headerValueMismatch(expected: "application/json; v=1", actual: "application/json")
                == "expected 'application/json; v=1' but was 'application/json': parameter 'v' is missing"
        )
        #expect(
            MediaType.headerValueMismatch(expected: "application/json", actual: "text/json")
                == "expected 'application/json' but was 'text/json': media type 'text/json' is not 'application/json'"
        )
        #expect(
            MediaType.headerValueMismatch(expected: "alligators", actual: "Alligators")
                == "expected 'alligators' but was 'Alligators': 'Alligators' is not 'alligators'"
        )
        #expect(
            MediaType.headerValueMismatch(expected: "a/b, c/d", actual: "a/b, c/e")
                == "expected 'a/b, c/d' but was 'a/b, c/e' (value 2): media type 'c/e' is not 'c/d'"
        )
        #expect(
            MediaType.headerValueMismatch(expected: "a/b, c/d", actual: "a/b")
                == "expected 2 comma-separated value(s) 'a/b, c/d' but got 1 in 'a/b'"
        )
        #expect(
            MediaType.headerValueMismatch(expected: "text/plain;\r\n x=1", actual: "text/plain; x=2")
                == "expected 'text/plain; x=1' but was 'text/plain; x=2': parameter 'x' was '2' instead of '1'"
        )
    }

    @Test func typeAndSubtypeAreCaseInsensitiveButOtherValuesAreNot() {
        #expect(MediaType.headerValuesMatch(expected: "TEXT/HTML", actual: "text/html"))
        #expect(MediaType.headerValuesMatch(expected: "a/b; x=\"1\"", actual: "a/b; X=1"))
        #expect(!MediaType.headerValuesMatch(expected: "a/b; x=abc", actual: "a/b; x=ABC"))
        #expect(MediaType.headerValuesMatch(expected: "", actual: ""))
    }

    @Test func matchesActual() throws {
        let expected = try #require(MediaType("application/json; charset=utf-8"))
        #expect(expected.matches(actual: try #require(MediaType("application/json;charset=UTF-8;x=1"))))
        #expect(!expected.matches(actual: .json))
        #expect(MediaType.json.matches(actual: expected))
    }
}
