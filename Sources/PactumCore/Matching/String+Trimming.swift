extension StringProtocol {
    /// The text without leading and trailing ASCII whitespace (space, tab, CR, LF, form feed).
    ///
    /// Far cheaper than `trimmingCharacters(in:)`, which matters on the matching hot path (headers).
    var trimmedWhitespace: String {
        let bytes = Array(self.utf8)
        var start = 0
        var end = bytes.count
        while start < end, Self.isWhitespace(bytes[start]) { start += 1 }
        while end > start, Self.isWhitespace(bytes[end - 1]) { end -= 1 }
        if start == 0, end == bytes.count { return String(self) }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}
