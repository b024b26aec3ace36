/// Guesses the media type of a body from its bytes, for Pact's `contentType` matcher.
///
/// Binary formats are recognised by their magic numbers; text is classified as JSON (an object or
/// array that parses), HTML, XML (an XML declaration or a root element) or plain text (valid UTF-8
/// without NUL or other non-whitespace control characters). Anything else is
/// `application/octet-stream`.
public enum ContentTypeDetector: Sendable {
    /// The detected media type (without parameters), or nil for an empty body.
    public static func detect(_ bytes: [UInt8]) -> MediaType? {
        guard !bytes.isEmpty else { return nil }
        if let binary = detectBinary(bytes) { return binary }
        return detectText(bytes) ?? .octetStream
    }

    /// The detected media type's essence, e.g. `image/png`, or nil for an empty body.
    public static func detectEssence(_ bytes: [UInt8]) -> String? {
        detect(bytes)?.essence
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8], at offset: Int = 0) -> Bool {
        guard offset >= 0, bytes.count >= offset + prefix.count else { return false }
        for (index, byte) in prefix.enumerated() where bytes[offset + index] != byte { return false }
        return true
    }

    private static func ascii(_ text: StaticString) -> [UInt8] {
        text.withUTF8Buffer { Array($0) }
    }

    private static func detectBinary(_ bytes: [UInt8]) -> MediaType? {
        if hasPrefix(bytes, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return MediaType(type: "image", subtype: "png")
        }
        if hasPrefix(bytes, [0xFF, 0xD8, 0xFF]) { return MediaType(type: "image", subtype: "jpeg") }
        if hasPrefix(bytes, ascii("GIF87a")) || hasPrefix(bytes, ascii("GIF89a")) {
            return MediaType(type: "image", subtype: "gif")
        }
        if hasPrefix(bytes, ascii("%PDF-")) { return MediaType(type: "application", subtype: "pdf") }
        if hasPrefix(bytes, [0x50, 0x4B, 0x03, 0x04]) || hasPrefix(bytes, [0x50, 0x4B, 0x05, 0x06])
            || hasPrefix(bytes, [0x50, 0x4B, 0x07, 0x08])
        {
            return MediaType(type: "application", subtype: "zip")
        }
        if hasPrefix(bytes, [0x1F, 0x8B]) { return MediaType(type: "application", subtype: "gzip") }
        if hasPrefix(bytes, ascii("RIFF")) && hasPrefix(bytes, ascii("WEBP"), at: 8) {
            return MediaType(type: "image", subtype: "webp")
        }
        // "BM" alone would also start text such as "BMW"; the four reserved bytes are zero in real files.
        if hasPrefix(bytes, ascii("BM")) && bytes.count >= 26 && bytes[6..<10].allSatisfy({ $0 == 0 }) {
            return MediaType(type: "image", subtype: "bmp")
        }
        if hasPrefix(bytes, [0x49, 0x49, 0x2A, 0x00]) || hasPrefix(bytes, [0x4D, 0x4D, 0x00, 0x2A]) {
            return MediaType(type: "image", subtype: "tiff")
        }
        if hasPrefix(bytes, ascii("ID3")) || isMPEGAudioFrame(bytes) {
            return MediaType(type: "audio", subtype: "mpeg")
        }
        if hasPrefix(bytes, ascii("ftyp"), at: 4) {
            let brand = bytes.count >= 12 ? String(decoding: bytes[8..<12], as: UTF8.self) : ""
            switch brand {
            case "M4A ", "M4B ": return MediaType(type: "audio", subtype: "mp4")
            case "qt  ": return MediaType(type: "video", subtype: "quicktime")
            case "heic", "heix", "mif1": return MediaType(type: "image", subtype: "heic")
            default: return MediaType(type: "video", subtype: "mp4")
            }
        }
        return nil
    }

    /// An MPEG audio frame header: 11 sync bits, a valid version and a layer.
    private static func isMPEGAudioFrame(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] & 0xE0 == 0xE0 else { return false }
        let version = (bytes[1] >> 3) & 0x03
        let layer = (bytes[1] >> 1) & 0x03
        let bitrate = bytes[2] >> 4
        let sampleRate = (bytes[2] >> 2) & 0x03
        return version != 0x01 && layer != 0x00 && bitrate != 0x0F && sampleRate != 0x03
    }

    private static func detectText(_ bytes: [UInt8]) -> MediaType? {
        var content = bytes[...]
        if hasPrefix(bytes, [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        guard let text = String(validating: content, as: UTF8.self) else { return nil }
        let isClean = text.unicodeScalars.allSatisfy { scalar in
            scalar.value >= 0x20 && scalar.value != 0x7F || scalar == "\t" || scalar == "\n" || scalar == "\r"
                || scalar == "\u{0C}"
        }
        guard isClean else { return nil }
        let trimmed = HeaderValueSyntax.trimmed(Substring(text))
        if let first = trimmed.first, first == "{" || first == "[" {
            if (try? JSONParser.parse(String(trimmed))) != nil { return .json }
        }
        if trimmed.hasPrefix("<") {
            if looksLikeHTML(trimmed) { return .html }
            if looksLikeXML(trimmed) { return .xml }
        }
        return .plainText
    }

    private static func looksLikeHTML(_ text: Substring) -> Bool {
        let head = text.prefix(64).lowercased()
        let markers = [
            "<!doctype html", "<html", "<head", "<body", "<script", "<title", "<iframe", "<h1", "<div",
            "<table", "<p>", "<br", "<style", "<a ",
        ]
        return markers.contains { marker in
            guard head.hasPrefix(marker) else { return false }
            // The marker must end the tag name: "<head" must not match "<header-item>" in XML.
            let next = head.dropFirst(marker.count).first
            return marker.hasSuffix(" ") || marker.hasSuffix(">") || next == nil || next == ">" || next == " "
                || next == "\t" || next == "\n" || next == "\r" || next == "/"
        }
    }

    private static func looksLikeXML(_ text: Substring) -> Bool {
        if text.hasPrefix("<?xml") { return true }
        guard text.hasSuffix(">") else { return false }
        var rest = text
        // Skip leading comments and processing instructions before the root element.
        while rest.hasPrefix("<!--") || rest.hasPrefix("<?") {
            let terminator = rest.hasPrefix("<!--") ? "-->" : "?>"
            guard let end = rest.firstRange(of: terminator) else { return false }
            rest = HeaderValueSyntax.trimmed(rest[end.upperBound...])
        }
        guard rest.hasPrefix("<"), let first = rest.dropFirst().unicodeScalars.first else { return false }
        return first == "_" || first == ":" || first.properties.isAlphabetic
    }
}
