import Foundation

/// Prints a wall-clock time under compiled pattern tokens.
struct DateTimePrinter {
    let time: LocalDateTime
    let offsetSeconds: Int
    let timeZone: TimeZone
    let instant: Date
    private(set) var output = ""

    init(time: LocalDateTime, offsetSeconds: Int, timeZone: TimeZone, instant: Date) {
        self.time = time
        self.offsetSeconds = offsetSeconds
        self.timeZone = timeZone
        self.instant = instant
    }

    private var days: Int { time.daysSinceEpoch }
    private var isoWeekday: Int { CivilCalendar.isoWeekday(days: days) }

    mutating func print(_ tokens: [DateTimePatternToken]) {
        for token in tokens { print(token) }
    }

    private mutating func print(_ token: DateTimePatternToken) {
        switch token {
        case let .literal(bytes):
            output += String(decoding: bytes, as: UTF8.self)
        case let .number(field, minWidth, _, _):
            pad(value(of: field), width: minWidth)
        case let .twoDigitYear(field):
            pad(CivilCalendar.floorMod(value(of: field), 100), width: 2)
        case let .text(field, style):
            output += text(field, style)
        case let .fraction(digits):
            var value = time.nanosecond
            for _ in digits..<9 { value /= 10 }
            pad(value, width: digits)
        case .amPm:
            output += time.hour < 12 ? "AM" : "PM"
        case .zoneId:
            output += timeZone.identifier
        case let .zoneName(full):
            output += zoneName(full: full)
        case let .offsetISO(count, zeroAsZ):
            output += isoOffset(count: count, zeroAsZ: zeroAsZ)
        case let .offsetLocalized(count):
            output += localizedOffset(count: count)
        case .optionalStart, .optionalEnd:
            break
        }
    }

    private func value(of field: DateTimeNumericField) -> Int {
        switch field {
        case .yearOfEra: return time.year >= 1 ? time.year : 1 - time.year
        case .prolepticYear: return time.year
        case .weekBasedYear: return CivilCalendar.isoWeek(days: days).weekBasedYear
        case .dayOfYear: return CivilCalendar.dayOfYear(year: time.year, month: time.month, day: time.day)
        case .month: return time.month
        case .dayOfMonth: return time.day
        case .quarter: return (time.month - 1) / 3 + 1
        case .weekOfWeekBasedYear: return CivilCalendar.isoWeek(days: days).week
        case .weekOfMonth:
            // Weeks starting on Monday; week 1 holds the first of the month.
            let firstWeekday = CivilCalendar.isoWeekday(days: days - time.day + 1)
            return (time.day - 1 + firstWeekday - 1) / 7 + 1
        case .alignedWeekOfMonth: return (time.day - 1) / 7 + 1
        case .localizedDayOfWeek: return isoWeekday % 7 + 1
        case .hourOfDay: return time.hour
        case .clockHourOfDay: return time.hour == 0 ? 24 : time.hour
        case .hourOfAmPm: return time.hour % 12
        case .clockHourOfAmPm: return time.hour % 12 == 0 ? 12 : time.hour % 12
        case .minute: return time.minute
        case .second: return time.second
        case .nanoOfSecond: return time.nanosecond
        case .milliOfDay:
            return (time.hour * 3600 + time.minute * 60 + time.second) * 1000 + time.nanosecond / 1_000_000
        case .nanoOfDay: return (time.hour * 3600 + time.minute * 60 + time.second) * 1_000_000_000 + time.nanosecond
        }
    }

    private func text(_ field: DateTimeTextField, _ style: DateTimeTextStyle) -> String {
        switch field {
        case .era:
            let index = time.year >= 1 ? 1 : 0
            return style == .full
                ? DateTimeNames.erasFull[index]
                : style == .narrow ? DateTimeNames.erasNarrow[index] : DateTimeNames.erasShort[index]
        case .month:
            let name =
                style == .short
                ? DateTimeNames.monthsShort[time.month - 1]
                : DateTimeNames.monthsFull[time.month - 1]
            return style == .narrow ? String(name.prefix(1)) : name
        case .dayOfWeek:
            let name =
                style == .short
                ? DateTimeNames.daysShort[isoWeekday - 1]
                : DateTimeNames.daysFull[isoWeekday - 1]
            return style == .narrow ? String(name.prefix(1)) : name
        case .quarter:
            let quarter = (time.month - 1) / 3
            return style == .full
                ? DateTimeNames.quartersFull[quarter]
                : style == .narrow ? String(quarter + 1) : DateTimeNames.quartersShort[quarter]
        }
    }

    private func zoneName(full: Bool) -> String {
        let identifier = timeZone.identifier
        if ["UTC", "Etc/UTC", "Z", "Zulu", "Universal", "Etc/Universal"].contains(identifier) {
            return full ? "Coordinated Universal Time" : "UTC"
        }
        if ["GMT", "Etc/GMT", "Greenwich"].contains(identifier) {
            return full ? "Greenwich Mean Time" : "GMT"
        }
        // Prefer an abbreviation we can read back that stands for the offset in force.
        var candidates: [String] = []
        if let region = DateTimeNames.regionAbbreviations[identifier] {
            candidates.append(timeZone.isDaylightSavingTime(for: instant) ? region.daylight : region.standard)
        }
        if let abbreviation = timeZone.abbreviation(for: instant) { candidates.append(abbreviation) }
        for abbreviation in candidates {
            guard let known = DateTimeNames.zoneAbbreviations.first(where: { $0.name == abbreviation }),
                known.offsetSeconds == offsetSeconds
            else { continue }
            if full, let name = DateTimeNames.zoneFullNames.first(where: { $0.abbreviation == abbreviation }) {
                return name.name
            }
            return abbreviation
        }
        return localizedOffset(count: 4)
    }

    /// `Z`/`+01`/`+0130`/`+01:30`/`+013015`/`+01:30:15` as Java prints offsets for the letter count.
    private func isoOffset(count: Int, zeroAsZ: Bool) -> String {
        if offsetSeconds == 0, zeroAsZ { return "Z" }
        let magnitude = abs(offsetSeconds)
        let hours = magnitude / 3600
        let minutes = magnitude / 60 % 60
        let seconds = magnitude % 60
        var result = (offsetSeconds < 0 ? "-" : "+") + twoDigits(hours)
        let separator = count == 3 || count == 5 ? ":" : ""
        if count == 1 {
            if minutes != 0 { result += twoDigits(minutes) }
            return result
        }
        result += separator + twoDigits(minutes)
        if count >= 4, seconds != 0 { result += separator + twoDigits(seconds) }
        return result
    }

    private func localizedOffset(count: Int) -> String {
        if offsetSeconds == 0 { return "GMT" }
        let magnitude = abs(offsetSeconds)
        let hours = magnitude / 3600
        let minutes = magnitude / 60 % 60
        let seconds = magnitude % 60
        var result = "GMT" + (offsetSeconds < 0 ? "-" : "+")
        if count == 4 {
            result += twoDigits(hours) + ":" + twoDigits(minutes)
        } else {
            result += String(hours)
            if minutes != 0 || seconds != 0 { result += ":" + twoDigits(minutes) }
        }
        if seconds != 0 { result += ":" + twoDigits(seconds) }
        return result
    }

    private func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    private mutating func pad(_ value: Int, width: Int) {
        if value < 0 { output += "-" }
        let digits = String(abs(value))
        if digits.count < width { output += String(repeating: "0", count: width - digits.count) }
        output += digits
    }
}
