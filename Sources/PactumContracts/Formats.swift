import Foundation

/// The `format` values the comparator checks (those of ajv-formats); other formats are not checked.
enum Formats {
    static func string(_ text: String, matches format: String) -> Bool {
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
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
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
