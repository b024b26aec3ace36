import Foundation

/// The field values read from a string while parsing it under a pattern.
struct ParsedDateTimeFields {
    var era: Int?
    var yearOfEra: Int?
    var prolepticYear: Int?
    var weekBasedYear: Int?
    var month: Int?
    var dayOfMonth: Int?
    var dayOfYear: Int?
    var weekOfWeekBasedYear: Int?
    /// ISO day of week, 1 = Monday.
    var dayOfWeek: Int?
    var hourOfDay: Int?
    var hourOfAmPm: Int?
    var isPM: Bool?
    var minute: Int?
    var second: Int?
    var nanosecond: Int?
    var milliOfDay: Int?
    var nanoOfDay: Int?
    var offsetSeconds: Int?
    var timeZone: TimeZone?

    /// The year the date fields belong to, if the string names one.
    var year: Int? {
        if let yearOfEra { return era == 0 ? 1 - yearOfEra : yearOfEra }
        if let prolepticYear { return prolepticYear }
        if weekOfWeekBasedYear == nil, let weekBasedYear { return weekBasedYear }
        return nil
    }

    /// Whether the values make a real calendar date (e.g. no 30 February, no day 366 outside leap years).
    var isConsistent: Bool {
        // Without a year any leap day is allowed: 2000 is a leap year.
        let year = self.year ?? 2000
        if let dayOfMonth {
            let limit = month.map { CivilCalendar.daysInMonth(year: year, month: $0) } ?? 31
            if dayOfMonth > limit { return false }
        }
        if let dayOfYear, dayOfYear > CivilCalendar.daysInYear(year) { return false }
        if let weekOfWeekBasedYear, let weekBasedYear,
            weekOfWeekBasedYear > CivilCalendar.isoWeeksInYear(weekBasedYear)
        {
            return false
        }
        return true
    }

    /// The instant the fields describe; missing fields default to 1970-01-01T00:00:00 UTC.
    func resolve() -> Date {
        var days: Int
        if let month = month ?? (dayOfMonth != nil ? 1 : nil) {
            days = CivilCalendar.days(year: year ?? 1970, month: month, day: dayOfMonth ?? 1)
        } else if let dayOfYear {
            days = CivilCalendar.days(year: year ?? 1970, month: 1, day: 1) + dayOfYear - 1
        } else if let weekOfWeekBasedYear {
            let weekYear = weekBasedYear ?? year ?? 1970
            days = CivilCalendar.isoWeekOneMonday(weekYear) + (weekOfWeekBasedYear - 1) * 7 + (dayOfWeek ?? 1) - 1
        } else {
            days = CivilCalendar.days(year: year ?? 1970, month: 1, day: 1)
        }
        var nanoOfDay = 0
        if hourOfDay != nil || hourOfAmPm != nil || minute != nil || second != nil || nanosecond != nil {
            let hour = hourOfDay ?? ((hourOfAmPm ?? 0) + (isPM == true ? 12 : 0))
            nanoOfDay = ((hour * 60 + (minute ?? 0)) * 60 + (second ?? 0)) * 1_000_000_000 + (nanosecond ?? 0)
        } else if let value = self.nanoOfDay {
            nanoOfDay = value
        } else if let milliOfDay {
            nanoOfDay = milliOfDay * 1_000_000
        } else if let isPM, isPM {
            nanoOfDay = 12 * 3_600_000_000_000
        }
        days = min(max(days, -CivilCalendar.maxSeconds / 86_400), CivilCalendar.maxSeconds / 86_400)
        let local = days * 86_400 + nanoOfDay / 1_000_000_000
        let nanosecond = nanoOfDay % 1_000_000_000
        if let offsetSeconds {
            return ZonedTime.date(epochSeconds: local - offsetSeconds, nanosecond: nanosecond)
        }
        if let timeZone {
            return ZonedTime.date(
                epochSeconds: ZonedTime.epochSeconds(ofLocalSeconds: local, in: timeZone),
                nanosecond: nanosecond
            )
        }
        return ZonedTime.date(epochSeconds: local, nanosecond: nanosecond)
    }
}

/// Reads a UTF-8 string against compiled pattern tokens.
struct DateTimeScanner {
    let input: UnsafeBufferPointer<UInt8>
    var position = 0
    var fields = ParsedDateTimeFields()

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    /// Parses the whole input; false if anything does not fit the pattern or is left over.
    mutating func parseAll(_ tokens: [DateTimePatternToken]) -> Bool {
        parse(tokens, from: 0, to: tokens.count) && position == input.count && fields.isConsistent
    }

    private mutating func parse(_ tokens: [DateTimePatternToken], from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            let token = tokens[index]
            if case let .optionalStart(sectionEnd) = token {
                let savedPosition = position
                let savedFields = fields
                if !parse(tokens, from: index + 1, to: sectionEnd) {
                    position = savedPosition
                    fields = savedFields
                }
                index = sectionEnd + 1
                continue
            }
            if !parse(token) { return false }
            index += 1
        }
        return true
    }

    private mutating func parse(_ token: DateTimePatternToken) -> Bool {
        switch token {
        case let .literal(bytes):
            return literal(bytes)
        case let .number(field, minWidth, maxWidth, reserved):
            guard let value = number(minWidth: minWidth, maxWidth: maxWidth, reserved: reserved),
                field.range.contains(value)
            else { return false }
            store(field, value)
            return true
        case let .twoDigitYear(field):
            guard let value = number(minWidth: 2, maxWidth: 2, reserved: 0) else { return false }
            store(field, 2000 + value)
            return true
        case let .text(field, style):
            return text(field, style)
        case let .fraction(digits):
            guard let value = number(minWidth: digits, maxWidth: digits, reserved: 0) else { return false }
            var nanos = value
            for _ in digits..<9 { nanos *= 10 }
            fields.nanosecond = nanos
            return true
        case .amPm:
            guard let index = longestMatch(["AM", "PM"], caseInsensitive: true) else { return false }
            position += 2
            fields.isPM = index == 1
            return true
        case .zoneId:
            return zoneId()
        case .zoneName:
            return zoneName()
        case let .offsetISO(count, zeroAsZ):
            return isoOffset(count: count, zeroAsZ: zeroAsZ)
        case let .offsetLocalized(count):
            return localizedOffset(count: count)
        case .optionalStart, .optionalEnd:
            return true
        }
    }

    // MARK: - Fields

    private mutating func store(_ field: DateTimeNumericField, _ value: Int) {
        switch field {
        case .yearOfEra: fields.yearOfEra = value
        case .prolepticYear: fields.prolepticYear = value
        case .weekBasedYear: fields.weekBasedYear = value
        case .dayOfYear: fields.dayOfYear = value
        case .month: fields.month = value
        case .dayOfMonth: fields.dayOfMonth = value
        case .quarter, .weekOfMonth, .alignedWeekOfMonth: break
        case .weekOfWeekBasedYear: fields.weekOfWeekBasedYear = value
        // Java's English locale counts days from Sunday = 1.
        case .localizedDayOfWeek: fields.dayOfWeek = value == 1 ? 7 : value - 1
        case .hourOfDay: fields.hourOfDay = value
        case .clockHourOfDay: fields.hourOfDay = value == 24 ? 0 : value
        case .hourOfAmPm: fields.hourOfAmPm = value
        case .clockHourOfAmPm: fields.hourOfAmPm = value == 12 ? 0 : value
        case .minute: fields.minute = value
        case .second: fields.second = value
        case .nanoOfSecond: fields.nanosecond = value
        case .milliOfDay: fields.milliOfDay = value
        case .nanoOfDay: fields.nanoOfDay = value
        }
    }

    private mutating func text(_ field: DateTimeTextField, _ style: DateTimeTextStyle) -> Bool {
        let names: [[String]]
        switch (field, style) {
        case (.era, .short): names = [DateTimeNames.erasShort]
        case (.era, .full): names = [DateTimeNames.erasFull]
        case (.era, .narrow): names = [DateTimeNames.erasNarrow]
        // "Sept" is also read as September.
        case (.month, .short): names = [DateTimeNames.monthsShort, ["", "", "", "", "", "", "", "", "Sept"]]
        case (.month, .full): names = [DateTimeNames.monthsFull]
        case (.month, .narrow):
            names = [
                DateTimeNames.monthsFull, DateTimeNames.monthsShort,
                DateTimeNames.monthsShort.map { String($0.prefix(1)) },
            ]
        case (.dayOfWeek, .short): names = [DateTimeNames.daysShort]
        case (.dayOfWeek, .full): names = [DateTimeNames.daysFull]
        case (.dayOfWeek, .narrow): names = [DateTimeNames.daysShort.map { String($0.prefix(1)) }]
        case (.quarter, .short): names = [DateTimeNames.quartersShort]
        case (.quarter, .full): names = [DateTimeNames.quartersFull]
        case (.quarter, .narrow): names = [["1", "2", "3", "4"]]
        }
        var best: (index: Int, length: Int)?
        for list in names {
            for (index, name) in list.enumerated() where !name.isEmpty && name.utf8.count > (best?.length ?? 0) {
                if matches(name, at: position, caseInsensitive: true) { best = (index, name.utf8.count) }
            }
        }
        guard let best else { return false }
        position += best.length
        switch field {
        case .era: fields.era = best.index
        case .month: fields.month = best.index + 1
        case .dayOfWeek: fields.dayOfWeek = best.index + 1
        case .quarter: break
        }
        return true
    }

    // MARK: - Zones and offsets

    /// `+HH`, `+HHmm`, `+HHMM`, `+HH:MM`, `+HHMMss`, `+HH:MM:ss` by letter count, `Z` for zero when allowed.
    private mutating func isoOffset(count: Int, zeroAsZ: Bool) -> Bool {
        if zeroAsZ, position < input.count, input[position] == UInt8(ascii: "Z") {
            position += 1
            fields.offsetSeconds = 0
            return true
        }
        let colon = count == 3 || count == 5
        let minutes: Requirement = count == 1 ? .optional : .required
        let seconds: Requirement = count >= 4 ? .optional : .absent
        guard let offset = signedOffset(hourDigits: 2...2, colon: colon, minutes: minutes, seconds: seconds)
        else { return false }
        fields.offsetSeconds = offset
        return true
    }

    /// `GMT`, `GMT+8`, `GMT+05:30` (count 1) or `GMT`, `GMT+08:00` (count 4); `UTC` and `UT` are accepted for `GMT`.
    private mutating func localizedOffset(count: Int) -> Bool {
        guard let prefix = longestMatch(["GMT", "UTC", "UT"], caseInsensitive: false) else { return false }
        position += prefix == 2 ? 2 : 3
        let start = position
        if let offset = signedOffset(
            hourDigits: count == 4 ? 2...2 : 1...2,
            colon: true,
            minutes: count == 4 ? .required : .optional,
            seconds: .optional
        ) {
            fields.offsetSeconds = offset
        } else {
            position = start
            fields.offsetSeconds = 0
        }
        return true
    }

    private mutating func zoneName() -> Bool {
        var best: DateTimeNames.ZoneName?
        for zone in DateTimeNames.zoneTexts where zone.name.utf8.count > (best?.name.utf8.count ?? 0) {
            if matches(zone.name, at: position, caseInsensitive: false) { best = zone }
        }
        guard let best else { return zoneId() }
        let afterName = position + best.name.utf8.count
        if best.offsetSeconds == 0, ["GMT", "UTC", "UT"].contains(best.name) {
            // `GMT+01:00` style names.
            return localizedOffset(count: 1)
        }
        position = afterName
        fields.offsetSeconds = best.offsetSeconds
        return true
    }

    /// A region id (`Europe/London`, `America/Argentina/Buenos_Aires`), `Z`, `UTC`/`GMT` with an optional offset,
    /// or an ISO offset such as `+01:00`.
    private mutating func zoneId() -> Bool {
        guard position < input.count else { return false }
        let first = input[position]
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            guard let offset = signedOffset(hourDigits: 2...2, colon: true, minutes: .required, seconds: .optional)
            else { return false }
            fields.offsetSeconds = offset
            return true
        }
        if let prefix = longestMatch(["GMT", "UTC", "UT"], caseInsensitive: false) {
            let after = position + (prefix == 2 ? 2 : 3)
            if after == input.count || !Self.isZoneIdByte(input[after]) || input[after] == UInt8(ascii: "+")
                || input[after] == UInt8(ascii: "-")
            {
                return localizedOffset(count: 1)
            }
        }
        var end = position
        while end < input.count, end - position < 64, Self.isZoneIdByte(input[end]) { end += 1 }
        // The longest prefix that is a known zone wins (the id may be followed by more text).
        while end > position {
            if let identifier = String(bytes: input[position..<end], encoding: .utf8) {
                if identifier == "Z" {
                    position = end
                    fields.offsetSeconds = 0
                    return true
                }
                if let first = identifier.utf8.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z"),
                    let zone = TimeZone(identifier: identifier)
                {
                    position = end
                    fields.timeZone = zone
                    return true
                }
            }
            end -= 1
        }
        return false
    }

    private static func isZoneIdByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+")
    }

    private enum Requirement { case required, optional, absent }

    /// Reads `±H[H][[:]MM[[:]SS]]` and returns the offset in seconds (at most ±18:00).
    private mutating func signedOffset(
        hourDigits: ClosedRange<Int>,
        colon: Bool,
        minutes: Requirement,
        seconds: Requirement
    ) -> Int? {
        let start = position
        guard position < input.count else { return nil }
        let sign: Int
        switch input[position] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        position += 1
        guard let hours = number(minWidth: hourDigits.lowerBound, maxWidth: hourDigits.upperBound, reserved: 0),
            hours <= 18
        else {
            position = start
            return nil
        }
        var total = hours * 3600
        var partRequirements = [minutes]
        if minutes != .absent { partRequirements.append(seconds) }
        for (index, requirement) in partRequirements.enumerated() where requirement != .absent {
            let partStart = position
            var value: Int?
            if !colon || literal([UInt8(ascii: ":")]) {
                value = number(minWidth: 2, maxWidth: 2, reserved: 0)
            }
            guard let value, value <= 59 else {
                position = partStart
                if requirement == .required {
                    position = start
                    return nil
                }
                break
            }
            total += value * (index == 0 ? 60 : 1)
        }
        if total > 18 * 3600 {
            position = start
            return nil
        }
        return sign * total
    }

    // MARK: - Low level

    private mutating func literal(_ bytes: [UInt8]) -> Bool {
        guard input.count - position >= bytes.count else { return false }
        for (offset, byte) in bytes.enumerated() where input[position + offset] != byte { return false }
        position += bytes.count
        return true
    }

    /// Reads a run of ASCII digits; a variable-width number leaves `reserved` digits for the fields after it.
    private mutating func number(minWidth: Int, maxWidth: Int, reserved: Int) -> Int? {
        var available = 0
        while position + available < input.count, available < maxWidth + reserved,
            Self.isDigit(input[position + available])
        {
            available += 1
        }
        let width = min(maxWidth, available - reserved)
        guard width >= minWidth else { return nil }
        var value = 0
        for offset in 0..<width { value = value * 10 + Int(input[position + offset] - UInt8(ascii: "0")) }
        position += width
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func matches(_ text: String, at start: Int, caseInsensitive: Bool) -> Bool {
        var index = start
        for byte in text.utf8 {
            guard index < input.count else { return false }
            let actual = input[index]
            if actual != byte {
                guard caseInsensitive, Self.lowercased(actual) == Self.lowercased(byte) else { return false }
            }
            index += 1
        }
        return true
    }

    /// The index of the longest candidate found at the current position (the position does not move).
    private func longestMatch(_ candidates: [String], caseInsensitive: Bool) -> Int? {
        var best: (index: Int, length: Int)?
        for (index, candidate) in candidates.enumerated() where candidate.utf8.count > (best?.length ?? 0) {
            if matches(candidate, at: position, caseInsensitive: caseInsensitive) {
                best = (index, candidate.utf8.count)
            }
        }
        return best?.index
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
