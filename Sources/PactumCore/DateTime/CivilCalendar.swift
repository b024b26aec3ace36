import Foundation

/// Proleptic Gregorian calendar arithmetic on plain integers (no `Calendar`, no allocation).
enum CivilCalendar {
    static let secondsPerDay = 86_400
    /// Local/epoch seconds are clamped to about ±300,000 years so that arithmetic can never overflow.
    static let maxSeconds = 10_000_000_000_000

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysInYear(_ year: Int) -> Int { isLeapYear(year) ? 366 : 365 }

    /// Days since 1970-01-01 of a civil date (month and day may be out of range only if already validated).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a count of days since 1970-01-01.
    static func date(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// ISO day of week (1 = Monday ... 7 = Sunday) of a count of days since 1970-01-01 (a Thursday).
    static func isoWeekday(days: Int) -> Int {
        let r = (days + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    static func dayOfYear(year: Int, month: Int, day: Int) -> Int {
        days(year: year, month: month, day: day) - days(year: year, month: 1, day: 1) + 1
    }

    /// Days since 1970-01-01 of the Monday starting ISO week 1 of the week-based year.
    static func isoWeekOneMonday(_ weekBasedYear: Int) -> Int {
        let jan4 = days(year: weekBasedYear, month: 1, day: 4)
        return jan4 - (isoWeekday(days: jan4) - 1)
    }

    /// ISO week-based year and week of year of a day.
    static func isoWeek(days: Int) -> (weekBasedYear: Int, week: Int) {
        let year = date(fromDays: days).year
        var weekYear = year
        if days >= isoWeekOneMonday(year + 1) {
            weekYear = year + 1
        } else if days < isoWeekOneMonday(year) {
            weekYear = year - 1
        }
        return (weekYear, (days - isoWeekOneMonday(weekYear)) / 7 + 1)
    }

    static func isoWeeksInYear(_ weekBasedYear: Int) -> Int {
        (isoWeekOneMonday(weekBasedYear + 1) - isoWeekOneMonday(weekBasedYear)) / 7
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int, _ b: Int) -> Int {
        a - floorDiv(a, b) * b
    }

    static func clampSeconds(_ seconds: Int) -> Int {
        min(max(seconds, -maxSeconds), maxSeconds)
    }
}
