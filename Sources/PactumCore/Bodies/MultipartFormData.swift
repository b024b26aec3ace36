import Foundation

/// An error reading a multipart body, saying what was wrong and where.
public struct MultipartError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem was found.
    public enum Kind: Hashable, Sendable {
        /// The media type has no usable `boundary` parameter, or the boundary given is invalid.
        case missingBoundary
        /// The body does not contain the opening `--boundary` line.
        case missingOpeningDelimiter
        /// The body ends before the closing `--boundary--` line.
        case missingClosingDelimiter
        /// A part's header block is malformed or not terminated by an empty line.
        case malformedPartHeaders
        /// The media type is not `multipart/*`.
        case notMultipart
    }

    public var kind: Kind
    /// A sentence saying what was wrong, where, and what to do.
    public var message: String
    /// The 1-based index of the part concerned, when there is one.
    public var partIndex: Int?
    /// The byte offset in the body where the problem was found, when there is one.
    public var offset: Int?

    public init(kind: Kind, message: String, partIndex: Int? = nil, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.partIndex = partIndex
        self.offset = offset
    }

    public var description: String { "invalid multipart body: \(message)" }
}

/// Reading and writing `multipart/form-data` (RFC 7578) and other `multipart/*` bodies (RFC 2046).
public enum MultipartFormData: Sendable {
    /// One part of a multipart body.
    public struct Part: Hashable, Sendable {
        /// The part's header fields in order, names as written.
        public var headers: [Header]
        /// The part's content, exactly as sent.
        public var body: [UInt8]

        /// One header field.
        public struct Header: Hashable, Sendable {
            public var name: String
            public var value: String

            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }

        public init(headers: [Header], body: [UInt8]) {
            self.headers = headers
            self.body = body
        }

        /// Creates a form-data part with a `Content-Disposition: form-data; name=...` header, plus
        /// `filename` and a `Content-Type` header (e.g. `image/png`) when given.
        public init(name: String, filename: String? = nil, contentType: String? = nil, body: [UInt8]) {
            var disposition = "form-data; name=\(Self.quoted(name))"
            if let filename { disposition += "; filename=\(Self.quoted(filename))" }
            var headers = [Header(name: "Content-Disposition", value: disposition)]
            if let contentType { headers.append(Header(name: "Content-Type", value: contentType)) }
            self.init(headers: headers, body: body)
        }

        /// Creates a form-data text field, its value encoded as UTF-8.
        public init(name: String, value: String) {
            self.init(name: name, body: Array(value.utf8))
        }

        /// Always-quoted form of a parameter value; CR, LF and `"` are percent-encoded as browsers do.
        private static func quoted(_ value: String) -> String {
            var result = "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": result += "%22"
                case "\r": result += "%0D"
                case "\n": result += "%0A"
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result + "\""
        }

        /// The headers as `(name, value)` pairs.
        public var headerPairs: [(String, String)] { headers.map { ($0.name, $0.value) } }

        /// The value of the first header named `name`, compared case-insensitively.
        public func header(_ name: String) -> String? {
            let key = name.lowercased()
            return headers.first { $0.name.lowercased() == key }?.value
        }

        /// All values of headers named `name`, compared case-insensitively.
        public func headers(named name: String) -> [String] {
            let key = name.lowercased()
            return headers.filter { $0.name.lowercased() == key }.map(\.value)
        }

        /// The `Content-Disposition` parameters (names lower-cased), e.g. `name` and `filename`.
        public var dispositionParameters: [String: String] {
            guard let disposition = header("Content-Disposition") else { return [:] }
            var result: [String: String] = [:]
            for parameter in HeaderValueSyntax.parseParameterized(Substring(disposition)).parameters
            where result[parameter.name] == nil {
                result[parameter.name] = parameter.value
            }
            return result
        }

        /// The disposition type, lower-cased (`form-data`, `attachment`, ...).
        public var dispositionType: String? {
            guard let disposition = header("Content-Disposition") else { return nil }
            return String(HeaderValueSyntax.parseParameterized(Substring(disposition)).main).lowercased()
        }

        /// The form field name from `Content-Disposition`.
        public var name: String? { dispositionParameters["name"] }

        /// The file name from `Content-Disposition`: `filename*` (RFC 5987, UTF-8) when present and
        /// readable, else `filename`.
        public var filename: String? {
            let parameters = dispositionParameters
            if let extended = parameters["filename*"], let decoded = Self.decodeExtendedValue(extended) {
                return decoded
            }
            return parameters["filename"]
        }

        /// The part's `Content-Type` header value as written, when present.
        public var contentType: String? { header("Content-Type") }

        /// The content with its `Content-Transfer-Encoding` undone: base64 decoded (line breaks allowed), as
        /// the reference implementation compares parts; `body` itself when the encoding is another or the
        /// base64 does not decode.
        public var decodedBody: [UInt8] {
            guard header("Content-Transfer-Encoding")?.trimmingCharacters(in: .whitespaces).lowercased() == "base64",
                let data = Data(base64Encoded: Data(body), options: .ignoreUnknownCharacters)
            else { return body }
            return Array(data)
        }

        /// The part's `Content-Type` parsed, when present and valid.
        public var mediaType: MediaType? { contentType.flatMap(MediaType.init) }

        /// The part's media type: its `Content-Type`, or `text/plain` when it has none (RFC 7578 §4.4).
        public var effectiveMediaType: MediaType { mediaType ?? .plainText }

        /// The body read as UTF-8 (invalid bytes become U+FFFD).
        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// Decodes `charset'language'percent-encoded` (RFC 5987) for UTF-8 and US-ASCII.
        private static func decodeExtendedValue(_ value: String) -> String? {
            let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
            guard pieces.count == 3 else { return nil }
            let charset = pieces[0].lowercased()
            guard charset == "utf-8" || charset == "us-ascii" else { return nil }
            var bytes: [UInt8] = []
            var iterator = pieces[2].utf8.makeIterator()
            while let byte = iterator.next() {
                if byte == UInt8(ascii: "%") {
                    guard let high = iterator.next(), let low = iterator.next(),
                        let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                    else { return nil }
                    bytes.append(value)
                } else {
                    bytes.append(byte)
                }
            }
            return String(validating: bytes, as: UTF8.self)
        }
    }

    /// The longest boundary RFC 2046 allows.
    public static let maximumBoundaryLength = 70

    /// The `boundary` parameter of a `multipart/*` media type.
    public static func boundary(of mediaType: MediaType) throws(MultipartError) -> String {
        guard mediaType.isMultipart else {
            throw MultipartError(
                kind: .notMultipart,
                message: "the content type '\(mediaType)' is not multipart/*; "
                    + "use a multipart/form-data content type with a boundary parameter"
            )
        }
        guard let boundary = mediaType.boundary else {
            throw MultipartError(
                kind: .missingBoundary,
                message: "the content type '\(mediaType)' has no boundary parameter; "
                    + "add one, e.g. '\(mediaType.essence); boundary=XyZ123'"
            )
        }
        try validate(boundary: boundary)
        return boundary
    }

    private static func validate(boundary: String) throws(MultipartError) {
        guard !boundary.isEmpty else {
            throw MultipartError(
                kind: .missingBoundary,
                message: "the boundary is empty; give a boundary of 1 to \(maximumBoundaryLength) characters"
            )
        }
        guard boundary.utf8.count <= maximumBoundaryLength else {
            throw MultipartError(
                kind: .missingBoundary,
                message: "the boundary is \(boundary.utf8.count) bytes long, more than the "
                    + "\(maximumBoundaryLength) RFC 2046 allows"
            )
        }
        guard !boundary.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) else {
            throw MultipartError(kind: .missingBoundary, message: "the boundary contains a line break")
        }
    }

    /// Parses a multipart body whose content type is `contentType` (which supplies the boundary).
    public static func parse(body: [UInt8], contentType: MediaType) throws(MultipartError) -> [Part] {
        try parse(body: body, boundary: boundary(of: contentType))
    }

    /// Parses a multipart body with the given boundary (without the leading `--`).
    ///
    /// The preamble before the first delimiter and the epilogue after the closing delimiter are
    /// ignored. Lines may end with CR LF or a bare LF; folded header lines are unfolded. Each part's
    /// body is the bytes between its header block and the line break before the next delimiter.
    public static func parse(body: [UInt8], boundary: String) throws(MultipartError) -> [Part] {
        try validate(boundary: boundary)
        let delimiter = Array("--\(boundary)".utf8)
        guard var position = firstDelimiter(in: body, delimiter: delimiter) else {
            throw MultipartError(
                kind: .missingOpeningDelimiter,
                message: "the body does not contain the delimiter line '--\(boundary)'; check that the "
                    + "boundary in the Content-Type header matches the one used in the body",
                offset: 0
            )
        }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            if hasBytes(body, [0x2D, 0x2D], at: position) { return parts }  // "--": closing delimiter
            let partIndex = parts.count + 1
            position = skipTransportPadding(body, from: position)
            guard let afterLine = lineBreakEnd(body, at: position) else {
                if position >= body.count {
                    throw missingClosing(boundary: boundary, partIndex: partIndex, offset: body.count)
                }
                throw MultipartError(
                    kind: .malformedPartHeaders,
                    message: "part \(partIndex): unexpected characters after the delimiter '--\(boundary)' "
                        + "at byte \(position); the delimiter must be followed by a line break",
                    partIndex: partIndex,
                    offset: position
                )
            }
            let (headers, bodyStart) = try readHeaders(body, from: afterLine, partIndex: partIndex)
            guard let next = nextDelimiter(in: body, delimiter: delimiter, from: bodyStart) else {
                throw missingClosing(boundary: boundary, partIndex: partIndex, offset: body.count)
            }
            parts.append(Part(headers: headers, body: Array(body[bodyStart..<next.bodyEnd])))
            position = next.delimiterStart
        }
    }

    private static func missingClosing(boundary: String, partIndex: Int, offset: Int) -> MultipartError {
        MultipartError(
            kind: .missingClosingDelimiter,
            message: "the body ends in part \(partIndex) without the closing delimiter '--\(boundary)--'; "
                + "the body may be truncated",
            partIndex: partIndex,
            offset: offset
        )
    }

    private static func hasBytes(_ bytes: [UInt8], _ expected: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + expected.count <= bytes.count else { return false }
        for index in 0..<expected.count where bytes[offset + index] != expected[index] { return false }
        return true
    }

    /// The end of a CR LF or LF line break starting at `offset`, if there is one.
    private static func lineBreakEnd(_ bytes: [UInt8], at offset: Int) -> Int? {
        if hasBytes(bytes, [0x0D, 0x0A], at: offset) { return offset + 2 }
        if hasBytes(bytes, [0x0A], at: offset) { return offset + 1 }
        return nil
    }

    private static func skipTransportPadding(_ bytes: [UInt8], from offset: Int) -> Int {
        var position = offset
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        return position
    }

    /// The first delimiter at the very start of the body or at the start of a line.
    private static func firstDelimiter(in bytes: [UInt8], delimiter: [UInt8]) -> Int? {
        if hasBytes(bytes, delimiter, at: 0), isDelimiterEnd(bytes, at: delimiter.count) { return 0 }
        return nextDelimiter(in: bytes, delimiter: delimiter, from: 0)?.delimiterStart
    }

    /// The next line break followed by the delimiter, at or after `start`.
    private static func nextDelimiter(
        in bytes: [UInt8],
        delimiter: [UInt8],
        from start: Int
    )
        -> (bodyEnd: Int, delimiterStart: Int)?
    {
        var position = start
        while position < bytes.count {
            guard let newline = bytes[position...].firstIndex(of: 0x0A) else { return nil }
            if hasBytes(bytes, delimiter, at: newline + 1), isDelimiterEnd(bytes, at: newline + 1 + delimiter.count) {
                let bodyEnd = newline > start && bytes[newline - 1] == 0x0D ? newline - 1 : newline
                return (bodyEnd, newline + 1)
            }
            position = newline + 1
        }
        return nil
    }

    /// Whether a delimiter ends at `offset`: followed by `--`, padding, a line break or the end.
    private static func isDelimiterEnd(_ bytes: [UInt8], at offset: Int) -> Bool {
        guard offset < bytes.count else { return true }
        let byte = bytes[offset]
        return byte == 0x2D && hasBytes(bytes, [0x2D, 0x2D], at: offset) || byte == 0x20 || byte == 0x09
            || byte == 0x0D || byte == 0x0A
    }

    /// Reads header lines up to the empty line; returns them and the offset where the body starts.
    private static func readHeaders(
        _ bytes: [UInt8],
        from start: Int,
        partIndex: Int
    ) throws(MultipartError)
        -> ([Part.Header], Int)
    {
        var headers: [Part.Header] = []
        var position = start
        while true {
            guard let newline = bytes[position...].firstIndex(of: 0x0A) else {
                throw MultipartError(
                    kind: .malformedPartHeaders,
                    message: "part \(partIndex): the header block starting at byte \(start) is not ended "
                        + "by an empty line; put a blank line between the part's headers and its body",
                    partIndex: partIndex,
                    offset: position
                )
            }
            let lineEnd = newline > position && bytes[newline - 1] == 0x0D ? newline - 1 : newline
            let line = bytes[position..<lineEnd]
            position = newline + 1
            if line.isEmpty { return (headers, position) }
            if let first = line.first, first == 0x20 || first == 0x09, !headers.isEmpty {
                // An obsolete folded continuation line.
                let continuation = String(decoding: line, as: UTF8.self)
                let previous = headers[headers.count - 1].value
                headers[headers.count - 1].value =
                    previous + " "
                    + String(HeaderValueSyntax.trimmed(Substring(continuation)))
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":"),
                HeaderValueSyntax.isToken(text[..<colon])
            else {
                throw MultipartError(
                    kind: .malformedPartHeaders,
                    message: "part \(partIndex): malformed header line '\(text.prefix(80))' at byte "
                        + "\(lineEnd - line.count); expected 'Name: value' (is the blank line before the "
                        + "body missing?)",
                    partIndex: partIndex,
                    offset: lineEnd - line.count
                )
            }
            let value = HeaderValueSyntax.trimmed(text[text.index(after: colon)...])
            headers.append(Part.Header(name: String(text[..<colon]), value: String(value)))
        }
    }

    /// Writes parts as a multipart body: each part as `--boundary`, its headers, a blank line and its
    /// body, then `--boundary--`, all lines ending in CR LF.
    public static func build(parts: [Part], boundary: String) -> [UInt8] {
        var output: [UInt8] = []
        let delimiter = Array("--\(boundary)".utf8)
        for part in parts {
            output += delimiter
            output += [0x0D, 0x0A]
            for header in part.headers {
                output += Array("\(header.name): \(header.value)".utf8)
                output += [0x0D, 0x0A]
            }
            output += [0x0D, 0x0A]
            output += part.body
            output += [0x0D, 0x0A]
        }
        output += delimiter
        output += Array("--\r\n".utf8)
        return output
    }

    /// A boundary of `length` letters and digits drawn from `generator` (pass a seeded generator for
    /// reproducible output). Boundaries must not occur in the parts' content; 30+ random characters
    /// make that practically certain.
    public static func makeBoundary(length: Int = 32, using generator: inout some RandomNumberGenerator) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let count = min(max(length, 1), maximumBoundaryLength)
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
