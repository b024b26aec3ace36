import PactumCore
import Testing

@Suite("MultipartFormData")
struct BodiesMultipartTests {
    private static let sample = Array(
        ("preamble to ignore\r\n"
            + "--XyZ\r\n"
            + "Content-Disposition: form-data; name=\"title\"\r\n"
            + "\r\n"
            + "Hello\r\nWorld\r\n"
            + "--XyZ\r\n"
            + "content-disposition: form-data; name=\"file\"; filename=\"a b.txt\"\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + "file body\r\n"
            + "--XyZ--\r\n"
            + "epilogue").utf8
    )

    @Test func parsesParts() throws {
        let parts = try MultipartFormData.parse(body: Self.sample, boundary: "XyZ")
        #expect(parts.count == 2)
        #expect(parts[0].name == "title")
        #expect(parts[0].filename == nil)
        #expect(parts[0].contentType == nil)
        #expect(parts[0].mediaType == nil)
        #expect(parts[0].effectiveMediaType == .plainText)
        #expect(parts[0].bodyText == "Hello\r\nWorld")
        #expect(parts[1].name == "file")
        #expect(parts[1].filename == "a b.txt")
        #expect(parts[1].dispositionType == "form-data")
        #expect(parts[1].contentType == "text/plain; charset=utf-8")
        #expect(parts[1].mediaType?.essence == "text/plain")
        #expect(parts[1].mediaType?.charset == "utf-8")
        #expect(parts[1].header("CONTENT-TYPE") == "text/plain; charset=utf-8")
        #expect(parts[1].headerPairs.map(\.0) == ["content-disposition", "Content-Type"])
        #expect(parts[1].body == Array("file body".utf8))
    }

    @Test func boundaryFromContentType() throws {
        let contentType = try #require(MediaType("multipart/form-data; boundary=\"XyZ\""))
        #expect(try MultipartFormData.boundary(of: contentType) == "XyZ")
        #expect(try MultipartFormData.parse(body: Self.sample, contentType: contentType).count == 2)
    }

    @Test func bareLineFeedsFoldedHeadersAndEmptyBodies() throws {
        let body = Array(
            ("--b\n"
                + "Content-Disposition: form-data;\n name=\"x\"\n"
                + "\n"
                + "\n--b  \n"
                + "Content-Disposition: form-data; name=\"y\"; filename*=UTF-8''%E2%82%AC%20rates.txt\n"
                + "\n"
                + "binary\u{0}--bnot-a-delimiter\n"
                + "--b--").utf8
        )
        let parts = try MultipartFormData.parse(body: body, boundary: "b")
        #expect(parts.count == 2)
        #expect(parts[0].header("content-disposition") == "form-data; name=\"x\"")
        #expect(parts[0].name == "x")
        #expect(parts[0].body == [])
        #expect(parts[1].filename == "€ rates.txt")
        #expect(parts[1].body == Array("binary\u{0}--bnot-a-delimiter".utf8))
    }

    @Test func zeroParts() throws {
        #expect(try MultipartFormData.parse(body: Array("--b--\r\n".utf8), boundary: "b").isEmpty)
    }

    @Test func missingBoundary() throws {
        let error = #expect(throws: MultipartError.self) {
            try MultipartFormData.boundary(of: #require(MediaType("multipart/form-data")))
        }
        #expect(error?.kind == .missingBoundary)
        #expect(
            error?.description == "invalid multipart body: the content type 'multipart/form-data' has no "
                + "boundary parameter; add one, e.g. 'multipart/form-data; boundary=XyZ123'"
        )

        let empty = #expect(throws: MultipartError.self) { try MultipartFormData.parse(body: [], boundary: "") }
        #expect(empty?.message == "the boundary is empty; give a boundary of 1 to 70 characters")

        let long = #expect(throws: MultipartError.self) {
            try MultipartFormData.parse(body: [], boundary: String(repeating: "x", count: 71))
        }
        #expect(long?.message == "the boundary is 71 bytes long, more than the 70 RFC 2046 allows")

        let notMultipart = #expect(throws: MultipartError.self) { try MultipartFormData.boundary(of: .json) }
        #expect(notMultipart?.kind == .notMultipart)
    }

    @Test func missingOpeningDelimiter() {
        let error = #expect(throws: MultipartError.self) {
            try MultipartFormData.parse(body: Array("--other\r\n\r\nx\r\n--other--".utf8), boundary: "XyZ")
        }
        #expect(error?.kind == .missingOpeningDelimiter)
        #expect(
            error?.message == "the body does not contain the delimiter line '--XyZ'; check that the boundary "
                + "in the Content-Type header matches the one used in the body"
        )
    }

    @Test func missingClosingDelimiter() {
        let truncated = Array("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue".utf8)
        let error = #expect(throws: MultipartError.self) { try MultipartFormData.parse(body: truncated, boundary: "b") }
        #expect(error?.kind == .missingClosingDelimiter)
        #expect(error?.partIndex == 1)
        #expect(
            error?.message == "the body ends in part 1 without the closing delimiter '--b--'; the body may be "
                + "truncated"
        )

        let endsAfterDelimiter = #expect(throws: MultipartError.self) {
            try MultipartFormData.parse(body: Array("--b\r\n\r\nv\r\n--b".utf8), boundary: "b")
        }
        #expect(endsAfterDelimiter?.kind == .missingClosingDelimiter)
        #expect(endsAfterDelimiter?.partIndex == 2)
    }

    @Test func malformedHeaders() {
        let noColon = Array("--b\r\nthis is not a header\r\n\r\nx\r\n--b--".utf8)
        let error = #expect(throws: MultipartError.self) { try MultipartFormData.parse(body: noColon, boundary: "b") }
        #expect(error?.kind == .malformedPartHeaders)
        #expect(error?.offset == 5)
        #expect(
            error?.message == "part 1: malformed header line 'this is not a header' at byte 5; expected "
                + "'Name: value' (is the blank line before the body missing?)"
        )

        let unterminated = Array("--b\r\nContent-Type: text/plain".utf8)
        let headerError = #expect(throws: MultipartError.self) {
            try MultipartFormData.parse(body: unterminated, boundary: "b")
        }
        #expect(
            headerError?.message == "part 1: the header block starting at byte 5 is not ended by an empty line; "
                + "put a blank line between the part's headers and its body"
        )

        let junk = Array("--bjunk\r\n--b junk\r\n\r\n--b--".utf8)
        let junkError = #expect(throws: MultipartError.self) { try MultipartFormData.parse(body: junk, boundary: "b") }
        #expect(
            junkError?.message == "part 1: unexpected characters after the delimiter '--b' at byte 13; the "
                + "delimiter must be followed by a line break"
        )
    }

    @Test func buildsAndRoundTrips() throws {
        let parts = [
            MultipartFormData.Part(name: "title", value: "Hi"),
            MultipartFormData.Part(
                name: "upload",
                filename: "pic \"1\".png",
                contentType: "image/png",
                body: [0x89, 0x50, 0x0D, 0x0A, 0x00]
            ),
        ]
        let body = MultipartFormData.build(parts: parts, boundary: "B0und")
        let head: String =
            "--B0und\r\n"
            + "Content-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n"
            + "--B0und\r\n"
            + "Content-Disposition: form-data; name=\"upload\"; filename=\"pic %221%22.png\"\r\n"
            + "Content-Type: image/png\r\n\r\n"
        let expected: [UInt8] = Array(head.utf8) + [0x89, 0x50, 0x0D, 0x0A, 0x00] + Array("\r\n--B0und--\r\n".utf8)
        #expect(body == expected)
        let parsed = try MultipartFormData.parse(body: body, boundary: "B0und")
        #expect(parsed == parts)
        #expect(parsed[1].filename == "pic %221%22.png")
    }

    @Test func seededBoundaryAndFuzz() throws {
        var generator = BodiesSeededGenerator(seed: 7)
        let boundary = MultipartFormData.makeBoundary(using: &generator)
        #expect(boundary.count == 32)
        var again = BodiesSeededGenerator(seed: 7)
        #expect(MultipartFormData.makeBoundary(using: &again) == boundary)
        let body = MultipartFormData.build(parts: [.init(name: "a", value: "1")], boundary: boundary)
        for length in 0..<body.count {
            _ = try? MultipartFormData.parse(body: Array(body[0..<length]), boundary: boundary)
        }
        for _ in 0..<200 {
            var mutated = body
            mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? MultipartFormData.parse(body: mutated, boundary: boundary)
        }
    }
}
