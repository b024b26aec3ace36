import PactumCore
import Testing

/// Bodies by content type: presence, JSON, XML, plain text, form-urlencoded, multipart and binary.
@Suite("Matcher bodies")
struct MatcherBodiesTests {
    typealias F = MatcherFixtures

    private static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    ]
    private static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01]

    private func response(_ expected: Body, _ actual: Body, rules: MatchingRules = MatchingRules()) -> [Mismatch] {
        PactMatcher.match(
            expected: HTTPResponse(status: 200, body: expected, matchingRules: rules),
            actual: HTTPResponse(status: 200, body: actual)
        )
    }

    private func request(_ expected: Body, _ actual: Body, rules: MatchingRules = MatchingRules()) -> [Mismatch] {
        PactMatcher.match(
            expected: HTTPRequest(method: "POST", path: "/", body: expected, matchingRules: rules),
            actual: HTTPRequest(method: "POST", path: "/", body: actual)
        )
    }

    private func rules(_ path: String, _ list: MatchingRule...) throws -> MatchingRules {
        try F.bodyRules(list.map { (path, $0) })
    }

    // MARK: Presence

    @Test func missingExpectedBodyAcceptsAnything() {
        #expect(response(.missing, .text("anything")).isEmpty)
        #expect(response(.missing, .missing).isEmpty)
    }

    @Test func expectedBodyButNoneArrived() {
        let mismatches = response(.json(["a": 1]), .missing)
        #expect(F.messages(mismatches) == ["Expected a body but the body was missing"])
        #expect(mismatches.first?.part == .body)
        #expect(mismatches.first?.path == "$")
        #expect(mismatches.first?.expected == "{\"a\":1}")
        #expect(mismatches.first?.actual == nil)
        #expect(F.messages(response(.json(["a": 1]), Body(.empty))) == ["Expected a body but the body was empty"])
    }

    @Test func expectedEmptyBodyButOneArrived() {
        #expect(response(Body(.empty), Body(.empty)).isEmpty)
        #expect(F.messages(response(Body(.empty), .text("hi"))) == ["Expected an empty body but received 'hi'"])
    }

    @Test func contentTypeMismatchStopsTheComparison() {
        let mismatches = response(.json(["a": 1]), .text("a=1", contentType: "text/plain"))
        #expect(
            F.messages(mismatches) == [
                "Expected a body of type 'application/json' but the actual content type was 'text/plain'"
            ]
        )
        #expect(mismatches.first?.part == .bodyType)
        #expect(mismatches.first?.expected == "application/json")
        #expect(mismatches.first?.actual == "text/plain")
        #expect(mismatches.first?.location == "response body type")
    }

    @Test func jsonMediaTypeVariantsAreCompatible() {
        #expect(response(.json(["a": 1]), .json(["a": 1], contentType: "application/vnd.api+json")).isEmpty)
        #expect(response(.json(["a": 1], contentType: "application/json; charset=utf-8"), .json(["a": 1])).isEmpty)
    }

    @Test func invalidActualJSON() {
        #expect(
            F.messages(response(.json(["a": 1]), Body(.text("{a:"), contentType: "application/json")))
                == ["Expected a JSON body but the actual body is not valid JSON: '{a:'"]
        )
    }

    @Test func jsonBodyReadFromWireBytes() {
        let actual = Body.fromWire(Array(#"{"a": 1, "b": [true]}"#.utf8), contentType: "application/json")
        #expect(response(.json(["a": 1, "b": [true]]), actual).isEmpty)
    }

    @Test func topLevelJSONValuesOfDifferentShapes() {
        #expect(
            F.messages(response(.json(["a": 1]), .json([1]))) == [
                "Expected [1] (array) to be the same type as {\"a\":1} (object)"
            ]
        )
        #expect(F.messages(response(.json("text"), .json("other"))) == ["Expected \"text\" but received \"other\""])
    }

    // MARK: Plain text

    @Test func plainTextMustBeEqualWithoutRules() {
        #expect(response(.text("hello"), .text("hello")).isEmpty)
        let mismatches = response(.text("hello"), .text("goodbye"))
        #expect(F.messages(mismatches) == ["Expected body 'hello' but received 'goodbye'"])
        #expect(mismatches.first?.path == "$")
        #expect(mismatches.first?.expected == "hello")
        #expect(mismatches.first?.actual == "goodbye")
    }

    @Test func plainTextRegexMatchesTheWholeBody() throws {
        let regex = try rules("$", .regex("Hello \\w+"))
        #expect(response(.text("Hello Mary"), .text("Hello Bob"), rules: regex).isEmpty)
        let mismatches = response(.text("Hello Mary"), .text("Hello Bob!"), rules: regex)
        #expect(F.messages(mismatches) == ["Expected \"Hello Bob!\" to match the regular expression 'Hello \\w+'"])
        #expect(mismatches.first?.path == "$")
    }

    @Test func plainTextIncludeRule() throws {
        let include = try rules("$", .include("ERROR"))
        #expect(response(.text("ERROR: x"), .text("2024 ERROR: disk full"), rules: include).isEmpty)
        #expect(
            F.messages(response(.text("ERROR: x"), .text("all fine"), rules: include)) == [
                "Expected \"all fine\" to include \"ERROR\""
            ]
        )
    }

    // MARK: XML

    private func xml(_ text: String) -> Body { .text(text, contentType: "application/xml") }

    @Test func xmlEqualDocumentsIgnoreFormatting() {
        #expect(
            response(
                xml("<user id=\"1\"><name>Mary</name></user>"),
                xml("<user  id=\"1\">\n  <name>Mary</name>\n</user>")
            ).isEmpty
        )
    }

    @Test func xmlRootElementName() {
        let mismatches = response(xml("<user/>"), xml("<person/>"))
        #expect(F.messages(mismatches) == ["Expected element <user> but received <person>"])
        #expect(mismatches.first?.path == "$.user")
    }

    @Test func xmlTextMismatch() {
        let mismatches = response(xml("<user><name>Mary</name></user>"), xml("<user><name>Bob</name></user>"))
        #expect(F.messages(mismatches) == ["Expected the text of <name> to be 'Mary' but received 'Bob'"])
        #expect(mismatches.first?.path == "$.user.name['#text']")
        #expect(mismatches.first?.expected == "Mary")
        #expect(mismatches.first?.actual == "Bob")
    }

    @Test func xmlAttributeMismatchAndMissingAttribute() {
        let changed = response(xml("<user id=\"1\"/>"), xml("<user id=\"2\"/>"))
        #expect(F.messages(changed) == ["Expected attribute id to be '1' but received '2'"])
        #expect(changed.first?.path == "$.user['@id']")
        #expect(
            F.messages(response(xml("<user id=\"1\"/>"), xml("<user/>")))
                == ["Expected attribute id='1' on <user> but it was missing"]
        )
    }

    @Test func xmlUnexpectedAttributeFailsOnlyInRequests() {
        #expect(response(xml("<user id=\"1\"/>"), xml("<user id=\"1\" extra=\"x\"/>")).isEmpty)
        #expect(
            F.messages(request(xml("<user id=\"1\"/>"), xml("<user id=\"1\" extra=\"x\"/>")))
                == ["Unexpected attribute 'extra' on <user>"]
        )
    }

    @Test func xmlMissingAndUnexpectedChildren() {
        #expect(
            F.messages(response(xml("<a><b/><c/></a>"), xml("<a><b/></a>")))
                == ["Expected child element <c> in <a> but it was missing"]
        )
        #expect(response(xml("<a><b/></a>"), xml("<a><b/><z/></a>")).isEmpty)
        #expect(
            F.messages(request(xml("<a><b/></a>"), xml("<a><b/><z/></a>"))) == ["Unexpected child element <z> in <a>"]
        )
    }

    @Test func xmlRepeatedChildrenWithoutRulesMustMatchInNumber() {
        #expect(
            F.messages(response(xml("<l><i>1</i><i>2</i></l>"), xml("<l><i>1</i></l>")))
                == ["Expected child element <i> in <l> but it was missing (expected 2, received 1)"]
        )
    }

    @Test func xmlNamespacesCompareByURINotPrefix() {
        #expect(
            response(
                xml("<a:doc xmlns:a=\"urn:x\"><a:v>1</a:v></a:doc>"),
                xml("<b:doc xmlns:b=\"urn:x\"><b:v>1</b:v></b:doc>")
            ).isEmpty
        )
        #expect(response(xml("<doc xmlns=\"urn:x\"/>"), xml("<x:doc xmlns:x=\"urn:x\"/>")).isEmpty)
        #expect(
            F.messages(response(xml("<a:doc xmlns:a=\"urn:x\"/>"), xml("<a:doc xmlns:a=\"urn:y\"/>")))
                == ["Expected element <a:doc> (namespace 'urn:x') but received <a:doc> (namespace 'urn:y')"]
        )
        #expect(
            F.messages(response(xml("<doc xmlns=\"urn:x\"/>"), xml("<doc/>")))
                == ["Expected element <doc> (namespace 'urn:x') but received <doc> (no namespace)"]
        )
    }

    @Test func xmlNamespacedAttributesCompareByURI() {
        #expect(
            response(
                xml("<doc xmlns:a=\"urn:x\" a:lang=\"en\"/>"),
                xml("<doc xmlns:q=\"urn:x\" q:lang=\"en\"/>")
            ).isEmpty
        )
    }

    @Test func xmlTextRule() throws {
        let regex = try rules("$.user.name['#text']", .regex("[A-Z][a-z]+"))
        #expect(
            response(xml("<user><name>Mary</name></user>"), xml("<user><name>Bob</name></user>"), rules: regex).isEmpty
        )
        let mismatches = response(
            xml("<user><name>Mary</name></user>"),
            xml("<user><name>bob</name></user>"),
            rules: regex
        )
        #expect(F.messages(mismatches) == ["Expected \"bob\" to match the regular expression '[A-Z][a-z]+'"])
        #expect(mismatches.first?.path == "$.user.name['#text']")
    }

    @Test func xmlAttributeRule() throws {
        let integer = try rules("$.user['@id']", .integer)
        #expect(response(xml("<user id=\"1\"/>"), xml("<user id=\"99\"/>"), rules: integer).isEmpty)
        #expect(
            F.messages(response(xml("<user id=\"1\"/>"), xml("<user id=\"x9\"/>"), rules: integer))
                == ["Expected \"x9\" (string) to be an integer"]
        )
    }

    @Test func xmlTypeRuleOnRepeatedElementsComparesEachWithTheFirstExample() throws {
        let type = try rules("$.list.item", .type)
        let expected = xml("<list><item>1</item></list>")
        let three = xml("<list><item>7</item><item>8</item><item>9</item></list>")
        #expect(request(expected, three, rules: type).isEmpty)
        #expect(
            F.messages(request(expected, three)) == [
                "Expected the text of <item> to be '1' but received '7'",
                "Unexpected child element <item> in <list> (expected 1, received 3)",
            ]
        )
    }

    @Test func xmlTypeRuleOnAParentWithMinChildren() throws {
        let min = try rules("$.list", .type(min: 2))
        #expect(
            F.messages(
                response(
                    xml("<list><item>1</item><item>2</item></list>"),
                    xml("<list><item>1</item></list>"),
                    rules: min
                )
            )
            .contains("Expected <list> to have at least 2 child elements but it has 1")
        )
    }

    @Test func xmlV3RulesReadFromJSON() throws {
        let contract = try F.response(
            #"""
            {"status": 200, "headers": {"Content-Type": "application/xml"},
             "body": "<order id=\"1\"><total>9.99</total></order>",
             "matchingRules": {"body": {
               "$.order['@id']": {"matchers": [{"match": "integer"}]},
               "$.order.total['#text']": {"matchers": [{"match": "decimal"}]}}}}
            """#
        )
        let good = HTTPResponse(
            status: 200,
            headers: ["Content-Type": ["application/xml"]],
            body: xml("<order id=\"42\"><total>0.50</total></order>")
        )
        #expect(PactMatcher.match(expected: contract, actual: good).isEmpty)
        let bad = HTTPResponse(
            status: 200,
            headers: ["Content-Type": ["application/xml"]],
            body: xml("<order id=\"42\"><total>5</total></order>")
        )
        #expect(
            F.messages(PactMatcher.match(expected: contract, actual: bad)) == [
                "Expected \"5\" (string) to be a decimal number"
            ]
        )
    }

    @Test func unreadableActualXML() {
        let mismatches = response(xml("<a/>"), xml("<a>"))
        #expect(mismatches.count == 1)
        #expect(mismatches.first?.message.hasPrefix("The actual XML body could not be read: ") == true)
    }

    // MARK: Form-urlencoded

    private func form(_ text: String) -> Body { .text(text, contentType: "application/x-www-form-urlencoded") }

    @Test func formFieldsMatchInAnyOrder() {
        #expect(request(form("a=1&b=two+words"), form("b=two%20words&a=1")).isEmpty)
    }

    @Test func formFieldValueMismatch() {
        let mismatches = request(form("a=1&b=2"), form("a=1&b=3"))
        #expect(F.messages(mismatches) == ["Expected form field 'b' to have the value '2' but received '3'"])
        #expect(mismatches.first?.part == .body)
        #expect(mismatches.first?.path == "$.b")
        #expect(mismatches.first?.expected == "2")
        #expect(mismatches.first?.actual == "3")
    }

    @Test func formFieldsMissingAndUnexpected() {
        #expect(F.messages(request(form("a=1&b=2"), form("a=1"))) == ["Expected form field 'b' but it was missing"])
        #expect(
            F.messages(request(form("a=1"), form("a=1&c=3"))) == ["Unexpected form field 'c' received (values: '3')"]
        )
        #expect(response(form("a=1"), form("a=1&c=3")).isEmpty)
    }

    @Test func formFieldRulesAtDollarDotName() throws {
        let regex = try rules("$.amount", .regex("\\d+\\.\\d{2}"))
        #expect(request(form("amount=1.00&cur=EUR"), form("amount=25.50&cur=EUR"), rules: regex).isEmpty)
        let mismatches = request(form("amount=1.00&cur=EUR"), form("amount=25.5&cur=EUR"), rules: regex)
        #expect(
            F.messages(mismatches) == [
                "Form field 'amount': Expected \"25.5\" to match the regular expression '\\d+\\.\\d{2}'"
            ]
        )
        #expect(mismatches.first?.path == "$.amount")
    }

    @Test func formRepeatedFieldsWithMin() throws {
        let min = try rules("$.tag", .type(min: 2))
        #expect(request(form("tag=a&tag=b"), form("tag=x&tag=y&tag=z"), rules: min).isEmpty)
        #expect(
            F.messages(request(form("tag=a&tag=b"), form("tag=x"), rules: min))
                == ["Expected form field 'tag' to have at least 2 values but received 1"]
        )
    }

    // MARK: Multipart

    private static let boundary = "XyZ"

    private func multipart(_ parts: [MultipartFormData.Part]) -> Body {
        var bytes: [UInt8] = []
        for part in parts {
            bytes += Array("--\(Self.boundary)\r\n".utf8)
            for header in part.headers { bytes += Array("\(header.name): \(header.value)\r\n".utf8) }
            bytes += Array("\r\n".utf8) + part.body + Array("\r\n".utf8)
        }
        bytes += Array("--\(Self.boundary)--\r\n".utf8)
        return Body(.binary(bytes), contentType: "multipart/form-data; boundary=\(Self.boundary)")
    }

    private func filePart(_ bytes: [UInt8], contentType: String) -> MultipartFormData.Part {
        MultipartFormData.Part(name: "file", filename: "f.bin", contentType: contentType, body: bytes)
    }

    @Test func multipartEqualParts() {
        let body = multipart([MultipartFormData.Part(name: "title", value: "Hello")])
        #expect(request(body, body).isEmpty)
    }

    @Test func multipartTextPartMismatch() {
        let mismatches = request(
            multipart([MultipartFormData.Part(name: "title", value: "Hello")]),
            multipart([MultipartFormData.Part(name: "title", value: "Bye")])
        )
        #expect(F.messages(mismatches) == ["Part 'title': Expected body 'Hello' but received 'Bye'"])
        #expect(mismatches.first?.path == "$.title")
        #expect(mismatches.first?.expected == "Hello")
        #expect(mismatches.first?.actual == "Bye")
    }

    @Test func multipartPartsAreComparedAfterTheirBase64TransferEncoding() {
        func part(_ base64: String) -> MultipartFormData.Part {
            MultipartFormData.Part(
                headers: [
                    .init(name: "Content-Type", value: "application/octet-stream"),
                    .init(name: "Content-Transfer-Encoding", value: "base64"),
                ],
                body: Array(base64.utf8)
            )
        }
        // The same 11 bytes, wrapped differently: equal.
        #expect(request(multipart([part("aGVsbG8gd29y\r\nbGQ=")]), multipart([part("aGVsbG8gd29ybGQ=")])).isEmpty)
        // 11 bytes against 5: the sizes are the decoded ones (16 and 8 characters of base64).
        let mismatches = request(multipart([part("aGVsbG8gd29ybGQ=")]), multipart([part("aGVsbG8=")]))
        #expect(
            F.messages(mismatches) == [
                "Part '0': Expected a binary body of 11 bytes but received 5 bytes that differ from byte 5"
            ]
        )
    }

    @Test func multipartMissingPart() {
        let mismatches = request(
            multipart([
                MultipartFormData.Part(name: "title", value: "Hello"), filePart(Self.png, contentType: "image/png"),
            ]),
            multipart([MultipartFormData.Part(name: "title", value: "Hello")])
        )
        #expect(F.messages(mismatches) == ["Expected a multipart part named 'file' but it was missing"])
        #expect(mismatches.first?.path == "$.file")
        #expect(mismatches.first?.expected == "16 bytes")
        #expect(mismatches.first?.actual == nil)
    }

    @Test func multipartContentTypeRuleOnAFilePart() throws {
        let rule = try rules("$.file", .contentType("image/png"))
        let expected = multipart([filePart(Self.png, contentType: "image/png")])
        let otherPNG = Self.png + [1, 2, 3]
        #expect(request(expected, multipart([filePart(otherPNG, contentType: "image/png")]), rules: rule).isEmpty)
        let mismatches = request(
            expected,
            multipart([filePart(Array("not an image".utf8), contentType: "image/png")]),
            rules: rule
        )
        #expect(
            F.messages(mismatches) == [
                "Part 'file': Expected content of type 'image/png' but it looks like 'text/plain'"
            ]
        )
        #expect(mismatches.first?.path == "$.file")
        #expect(mismatches.first?.expected == "16 bytes")
        #expect(mismatches.first?.actual == "not an image")
    }

    @Test func multipartJSONPartUsesNestedRules() throws {
        let rule = try rules("$.meta.id", .integer)
        let json = "application/json"
        let expected = multipart([
            MultipartFormData.Part(name: "meta", contentType: json, body: Array(#"{"id": 1}"#.utf8))
        ])
        let good = multipart([MultipartFormData.Part(name: "meta", contentType: json, body: Array(#"{"id": 7}"#.utf8))])
        let bad = multipart([MultipartFormData.Part(name: "meta", contentType: json, body: Array(#"{"id": "7"}"#.utf8))]
        )
        #expect(request(expected, good, rules: rule).isEmpty)
        let mismatches = request(expected, bad, rules: rule)
        #expect(F.messages(mismatches) == ["Part 'meta': Expected \"7\" (string) to be an integer"])
        #expect(mismatches.first?.path == "$.meta.id")
    }

    // MARK: Binary

    @Test func binaryBodiesCompareBytes() {
        #expect(response(.binary(Self.png), .binary(Self.png)).isEmpty)
        var changed = Self.png
        changed[10] = 0xFF
        let mismatches = response(.binary(Self.png), .binary(changed))
        #expect(
            F.messages(mismatches) == [
                "Expected a binary body of 16 bytes but received 16 bytes that differ from byte 10"
            ]
        )
        #expect(mismatches.first?.expected == "16 bytes")
        #expect(mismatches.first?.actual == "16 bytes")
        #expect(
            F.messages(response(.binary([1, 2, 3]), .binary([1, 2])))
                == ["Expected a binary body of 3 bytes but received 2 bytes that differ from byte 2"]
        )
    }

    @Test func binaryContentTypeRuleDetectsPNG() throws {
        let rule = try rules("$", .contentType("image/png"))
        let other = Self.png + Array(repeating: 7, count: 20)
        #expect(response(.binary(Self.png), .binary(other), rules: rule).isEmpty)
        #expect(
            F.messages(response(.binary(Self.png), .binary(Self.jpeg), rules: rule))
                == ["Expected content of type 'image/png' but it looks like 'image/jpeg'"]
        )
        #expect(
            F.messages(response(.binary(Self.png), .binary(Array("plain words".utf8)), rules: rule))
                == ["Expected content of type 'image/png' but it looks like 'text/plain'"]
        )
    }

    @Test func contentTypeRuleFromAV4ContractWithBase64Body() throws {
        let contract = try F.response(
            #"""
            {"status": 200,
             "body": {"content": "iVBORw0KGgoAAAANSUhEUg==", "contentType": "application/octet-stream", "encoded": "base64"},
             "matchingRules": {"body": {"$": {"matchers": [{"match": "contentType", "value": "image/png"}]}}}}
            """#,
            .v4
        )
        let png = HTTPResponse(status: 200, body: .binary(Self.png + [9, 9]))
        #expect(PactMatcher.match(expected: contract, actual: png).isEmpty)
        let jpeg = HTTPResponse(status: 200, body: .binary(Self.jpeg))
        #expect(
            F.messages(PactMatcher.match(expected: contract, actual: jpeg))
                == ["Expected content of type 'image/png' but it looks like 'image/jpeg'"]
        )
    }

    @Test func contentTypeRuleWithAnInvalidMediaType() throws {
        let rule = try rules("$", .contentType("not a type"))
        #expect(
            F.messages(response(.binary(Self.png), .binary(Self.png), rules: rule))
                == ["The content type 'not a type' in the contract is not a valid media type"]
        )
    }

    @Test func binaryBodiesOfDifferentDeclaredTypes() {
        let mismatches = response(
            .binary(Self.png, contentType: "image/png"),
            .binary(Self.jpeg, contentType: "image/jpeg")
        )
        #expect(
            F.messages(mismatches) == [
                "Expected a body of type 'image/png' but the actual content type was 'image/jpeg'"
            ]
        )
        #expect(mismatches.first?.part == .bodyType)
    }
}
