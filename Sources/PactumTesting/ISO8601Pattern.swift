/// Reads the Java-style pattern off an ISO 8601 example, so `.datetime(example: "2024-05-01T10:00:00Z")` matches
/// the example it was given instead of a default format it does not fit.
///
/// Recognised: dates `yyyy-MM-dd`; times `HH:mm`, `HH:mm:ss` with an optional fraction of 1–9 digits; date-times
/// joining the two with `T` (or a space); a zone of `Z`, `±hh:mm` (`XXX`), `±hhmm` (`XX`) or `±hh` (`X`). Anything
/// else gives nil, and the caller's default format applies (the contract test then reports an example that does not
/// fit it).
enum ISO8601Pattern {
    static func date(of example: String) -> String? {
        var scanner = Scanner(example)
        guard let pattern = scanner.date(), scanner.atEnd else { return nil }
        return pattern
    }

    static func time(of example: String) -> String? {
        var scanner = Scanner(example)
        guard let time = scanner.time() else { return nil }
        let zone = scanner.zone()
        guard scanner.atEnd else { return nil }
        return time + zone
    }

    static func dateTime(of example: String) -> String? {
        var scanner = Scanner(example)
        guard let date = scanner.date() else { return nil }
        let separator: String
        if scanner.take("T") {
            separator = "'T'"
        } else if scanner.take(" ") {
            separator = " "
        } else {
            return nil
        }
        guard let time = scanner.time() else { return nil }
        let zone = scanner.zone()
        guard scanner.atEnd else { return nil }
        return date + separator + time + zone
    }

    private struct Scanner {
        let characters: [Character]
        var index = 0

        init(_ text: String) { characters = Array(text) }

        var atEnd: Bool { index == characters.count }

        mutating func take(_ character: Character) -> Bool {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
            return true
        }

        /// Exactly `count` ASCII digits.
        mutating func digits(_ count: Int) -> Bool {
            guard index + count <= characters.count,
                characters[index..<index + count].allSatisfy({ $0.isASCII && $0.isNumber })
            else { return false }
            index += count
            return true
        }

        /// As many ASCII digits as there are (at most `limit`), their count.
        mutating func digitRun(limit: Int) -> Int {
            var count = 0
            while index < characters.count, count < limit, characters[index].isASCII, characters[index].isNumber {
                index += 1
                count += 1
            }
            return count
        }

        mutating func date() -> String? {
            guard digits(4), take("-"), digits(2), take("-"), digits(2) else { return nil }
            return "yyyy-MM-dd"
        }

        mutating func time() -> String? {
            guard digits(2), take(":"), digits(2) else { return nil }
            var pattern = "HH:mm"
            let beforeSeconds = index
            if take(":") {
                guard digits(2) else {
                    index = beforeSeconds
                    return pattern
                }
                pattern += ":ss"
                if take(".") || take(",") {
                    let separator = characters[index - 1]
                    let count = digitRun(limit: 9)
                    guard count > 0 else { return nil }
                    pattern += String(separator) + String(repeating: "S", count: count)
                }
            }
            return pattern
        }

        /// The zone's pattern, or "" when there is none.
        mutating func zone() -> String {
            if take("Z") { return "XXX" }
            let start = index
            guard take("+") || take("-") else { return "" }
            guard digits(2) else {
                index = start
                return ""
            }
            if take(":") {
                guard digits(2) else {
                    index = start
                    return ""
                }
                return "XXX"
            }
            if digits(2) { return "XX" }
            return "X"
        }
    }
}
