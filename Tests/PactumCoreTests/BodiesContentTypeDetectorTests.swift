import PactumCore
import Testing

@Suite("ContentTypeDetector")
struct BodiesContentTypeDetectorTests {
    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(
        arguments: [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "image/png"),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46], "image/jpeg"),
            (Array("GIF89a\u{01}\u{00}".utf8), "image/gif"),
            (Array("GIF87a".utf8), "image/gif"),
            (Array("%PDF-1.7\n%\u{e2}\u{e3}".utf8), "application/pdf"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "application/zip"),
            ([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18), "application/zip"),
            ([0x1F, 0x8B, 0x08, 0x00], "application/gzip"),
            (Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8), "image/webp"),
            (
                Array("BM".utf8) + [0x3A, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0] + [UInt8](repeating: 0, count: 14),
                "image/bmp"
            ),
            ([0x49, 0x49, 0x2A, 0x00, 0x08, 0x00], "image/tiff"),
            ([0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x08], "image/tiff"),
            (Array("ID3".utf8) + [0x03, 0x00, 0x00], "audio/mpeg"),
            ([0xFF, 0xFB, 0x90, 0x64], "audio/mpeg"),
            ([0x00, 0x00, 0x00, 0x20] + Array("ftypisom".utf8), "video/mp4"),
            ([0x00, 0x00, 0x00, 0x20] + Array("ftypM4A ".utf8), "audio/mp4"),
        ] as [([UInt8], String)]
    )
    func magicNumbers(bytes: [UInt8], expected: String) {
        #expect(ContentTypeDetector.detect(bytes)?.essence == expected)
    }

    @Test(arguments: [
        ("{\"a\": [1, 2.5, null]}", "application/json"),
        ("  [1, 2, 3]\n", "application/json"),
        ("\u{FEFF}{\"bom\": true}", "application/json"),
        ("{not json", "text/plain"),
        ("<?xml version=\"1.0\"?><a/>", "application/xml"),
        ("<!-- c --><ns:root xmlns:ns=\"urn:x\"><b>1</b></ns:root>", "application/xml"),
        ("<header-item>x</header-item>", "application/xml"),
        ("<!DOCTYPE html><html><body>hi</body></html>", "text/html"),
        ("<html lang=\"en\">", "text/html"),
        ("<HTML><HEAD></HEAD></HTML>", "text/html"),
        ("hello world\n", "text/plain"),
        ("BMW is a car", "text/plain"),
        ("< not a tag >", "text/plain"),
        ("42", "text/plain"),
        ("caf\u{e9} \u{1F600}", "text/plain"),
    ])
    func textFormats(text: String, expected: String) {
        #expect(ContentTypeDetector.detect(Self.bytes(text))?.essence == expected)
    }

    @Test func binaryFallbacks() {
        #expect(ContentTypeDetector.detect([0x68, 0x69, 0x00, 0x21])?.essence == "application/octet-stream")
        #expect(ContentTypeDetector.detect([0xC3, 0x28, 0x41])?.essence == "application/octet-stream")
        #expect(ContentTypeDetector.detect([0x01, 0x02, 0x03])?.essence == "application/octet-stream")
        #expect(ContentTypeDetector.detect([0xFF, 0xFF, 0xFF, 0xFF]) == .octetStream)
        #expect(ContentTypeDetector.detect([]) == nil)
        #expect(ContentTypeDetector.detectEssence([0x1F, 0x8B]) == "application/gzip")
    }

    @Test func seededRandomBytesNeverCrash() {
        var generator = BodiesSeededGenerator(seed: 42)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = ContentTypeDetector.detect(bytes)
        }
    }
}

/// A small seeded generator so randomised tests are reproducible.
struct BodiesSeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
