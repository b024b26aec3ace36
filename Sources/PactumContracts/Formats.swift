import Foundation

/// The `format` values the comparator checks (those of ajv-formats); other formats are not checked.
enum Formats {
    static func string(_ text: String, matches format: String) -> Bool {
        switch format {
        case "date", "time", "date-time":
            if let valid = ASCIIDateTime.matches(text, format: format) { return valid }
        default:
            break
        }
        switch format {
        case "date": return date(Substring(text))
        case "time": return time(Substring(text))
        case "date-time":
            let parts = text.split(
                maxSplits: 1,
                omittingEmptySubsequences: false,
                whereSeparator: { $0 == "T" || $0 == "t" || $0 == " " }
            )
            return parts.count == 2 && date(parts[0]) && time(parts[1])
        case "email":
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].utf8.contains(UInt8(ascii: "."))
                && parts[1].contains(".") && !(text.utf8.contains(UInt8(ascii: " ")) && text.contains(" "))
        case "uuid":
            return UUID(uuidString: text.hasPrefix("urn:uuid:") ? String(text.dropFirst(9)) : text) != nil
        case "uri":
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
            let scheme = text[..<colon]
            return scheme.first!.isLetter && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
                && !text.contains(" ")
        case "ipv4":
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil && ($0 == "0" || !$0.hasPrefix("0")) }
        case "ipv6":
            return text.contains(":") && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        case "hostname":
            return !text.isEmpty && text.count <= 253
                && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                    !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                        && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                }
        case "byte":
            return text.count % 4 == 0 && Data(base64Encoded: text) != nil
        case "int32", "int64", "float", "double":
            return true
        default:
            return true
        }
    }

    static func number(_ number: Double, matches format: String) -> Bool {
        switch format {
        case "int32": return number.rounded() == number && number >= -2_147_483_648 && number <= 2_147_483_647
        case "int64": return number.rounded() == number && abs(number) <= 9_007_199_254_740_991
        default: return true
        }
    }

    private static func date(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    private static func time(_ text: Substring) -> Bool {
        var clock = text
        if clock.hasSuffix("Z") || clock.hasSuffix("z") {
            clock = clock.dropLast()
        } else if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = clock[clock.index(after: sign)...].split(separator: ":")
            guard zone.count == 2, zone.allSatisfy({ $0.count == 2 && Int($0) != nil }) else { return false }
            clock = clock[..<sign]
        } else {
            return false
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hour = Int(parts[0]), let minute = Int(parts[1]), parts[0].count == 2,
            parts[1].count == 2, hour < 24, minute < 60
        else { return false }
        let seconds = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard seconds[0].count == 2, let second = Int(seconds[0]), second <= 60 else { return false }
        return seconds.count == 1 || (seconds.count == 2 && !seconds[1].isEmpty && Int(seconds[1]) != nil)
    }
}

/// `date`, `time` and `date-time` read from ASCII text byte by byte, with the same answers as `Formats`'s
/// character-based reading (fields as `Int(_:)` reads them: an optional sign, then digits), without its arrays.
enum ASCIIDateTime {
    /// The answer, or nil when the text is not ASCII (then `Formats` reads it by characters).
    static func matches(_ text: String, format: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            let all = bytes[...]
            switch format {
            case "date": return date(all)
            case "time": return time(all)
            default:
                guard
                    let separator = all.firstIndex(where: {
                        $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: " ")
                    })
                else { return false }
                return date(all[..<separator]) && time(all[(separator + 1)...])
            }
        }
    }

    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// `Int(_:)` of the bytes: an optional `+` or `-`, then at least one digit; nil when it overflows.
    static func integer(_ bytes: Bytes) -> Int? {
        var digits = bytes
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            let (sum, overflow2) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    static func date(_ text: Bytes) -> Bool {
        guard let first = text.firstIndex(of: UInt8(ascii: "-")) else { return false }
        let rest = text[(first + 1)...]
        guard let second = rest.firstIndex(of: UInt8(ascii: "-")) else { return false }
        let yearText = text[..<first]
        let monthText = text[(first + 1)..<second]
        let dayText = text[(second + 1)...]
        guard !dayText.contains(UInt8(ascii: "-")), yearText.count == 4, monthText.count == 2, dayText.count == 2,
            let year = integer(yearText), let month = integer(monthText), let day = integer(dayText),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days: Int
        switch month {
        case 2: days = leap ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }

    static func time(_ text: Bytes) -> Bool {
        var clock = text
        if let last = clock.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") {
            clock = clock.dropLast()
        } else if let sign = clock.lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            // The zone's fields split by `:`, empty ones left out: exactly two, each two characters read as a number.
            var fields = 0
            var valid = true
            var start = sign + 1
            let end = clock.endIndex
            while start <= end {
                let stop = clock[start..<end].firstIndex(of: UInt8(ascii: ":")) ?? end
                let field = clock[start..<stop]
                if !field.isEmpty {
                    fields += 1
                    if field.count != 2 || integer(field) == nil { valid = false }
                }
                start = stop + 1
            }
            guard fields == 2, valid else { return false }
            clock = clock[..<sign]
        } else {
            return false
        }
        guard let firstColon = clock.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let afterHour = clock[(firstColon + 1)...]
        guard let secondColon = afterHour.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let hourText = clock[..<firstColon]
        let minuteText = clock[(firstColon + 1)..<secondColon]
        let secondsText = clock[(secondColon + 1)...]
        guard !secondsText.contains(UInt8(ascii: ":")), let hour = integer(hourText), let minute = integer(minuteText),
            hourText.count == 2, minuteText.count == 2, hour < 24, minute < 60
        else { return false }
        let dot = secondsText.firstIndex(of: UInt8(ascii: ".")) ?? secondsText.endIndex
        let whole = secondsText[..<dot]
        guard whole.count == 2, let second = integer(whole), second <= 60 else { return false }
        if dot == secondsText.endIndex { return true }
        let fraction = secondsText[(dot + 1)...]
        return !fraction.contains(UInt8(ascii: ".")) && !fraction.isEmpty && integer(fraction) != nil
    }
}
