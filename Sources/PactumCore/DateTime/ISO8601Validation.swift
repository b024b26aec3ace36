/// ISO 8601 checks for `date`, `time` and `timestamp` matchers that have no explicit format.
///
/// - Dates: `yyyy-MM-dd` with a real calendar day (`2024-02-29` yes, `2023-02-29` no).
/// - Times: `HH:mm`, `HH:mm:ss` or `HH:mm:ss.f` (1-9 fraction digits, `.` or `,`), optionally followed by an offset
///   `Z`, `+01`, `+0100` or `+01:00`.
/// - Date-times: a date, `T` (or `t`, or a space as RFC 3339 allows), then a time as above.
///
/// The checks are hand-written byte scans: no regular expressions, no formatters, no allocation.
public enum ISO8601Validation {
    /// Whether the string is an ISO 8601 calendar date such as `2024-02-29`.
    public static func isDate(_ s: String) -> Bool {
        check(s) { scanner in scanner.date() }
    }

    /// Whether the string is an ISO 8601 time of day such as `10:15`, `10:15:30`, `10:15:30.123` or
    /// `10:15:30+01:00`.
    public static func isTime(_ s: String) -> Bool {
        check(s) { scanner in scanner.time() }
    }

    /// Whether the string is an ISO 8601 date-time such as `2024-02-29T10:15:30Z`, `2024-02-29T10:15:30.123+01:00`,
    /// `2024-02-29T10:15:30+0100` or (without offset) `2024-02-29T10:15:30`.
    public static func isDateTime(_ s: String) -> Bool {
        check(s) { scanner in
            guard scanner.date(), let separator = scanner.next(),
                separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == UInt8(ascii: " ")
            else { return false }
            return scanner.time()
        }
    }

    private static func check(_ s: String, _ body: (inout ISO8601Scanner) -> Bool) -> Bool {
        var s = s
        return s.withUTF8 { buffer in
            var scanner = ISO8601Scanner(input: buffer)
            return body(&scanner) && scanner.isAtEnd
        }
    }
}

private struct ISO8601Scanner {
    let input: UnsafeBufferPointer<UInt8>
    var position = 0

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    var isAtEnd: Bool { position == input.count }

    mutating func next() -> UInt8? {
        guard position < input.count else { return nil }
        defer { position += 1 }
        return input[position]
    }

    mutating func expect(_ character: Unicode.Scalar) -> Bool {
        guard position < input.count, input[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int? {
        guard input.count - position >= count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = input[position + offset]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += count
        return value
    }

    mutating func date() -> Bool {
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            (1...12).contains(month)
        else { return false }
        return day >= 1 && day <= CivilCalendar.daysInMonth(year: year, month: month)
    }

    mutating func time() -> Bool {
        guard let hour = digits(2), hour <= 23, expect(":"), let minute = digits(2), minute <= 59 else { return false }
        if expect(":") {
            guard let second = digits(2), second <= 59 else { return false }
            if expect(".") || expect(",") {
                var count = 0
                while count < 9, digits(1) != nil { count += 1 }
                guard count > 0 else { return false }
            }
        }
        return isAtEnd || offset()
    }

    mutating func offset() -> Bool {
        if expect("Z") || expect("z") { return true }
        guard expect("+") || expect("-"), let hours = digits(2), hours <= 18 else { return false }
        if isAtEnd { return true }
        _ = expect(":")
        guard let minutes = digits(2), minutes <= 59 else { return false }
        return hours * 60 + minutes <= 18 * 60
    }
}
