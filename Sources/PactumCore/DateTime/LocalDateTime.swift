/// A wall-clock date and time, without a zone.
struct LocalDateTime: Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var nanosecond: Int

    /// Seconds since 1970-01-01T00:00 of this wall-clock time (as if it were UTC).
    var localSeconds: Int {
        CivilCalendar.days(year: year, month: month, day: day) * CivilCalendar.secondsPerDay
            + hour * 3600 + minute * 60 + second
    }

    var daysSinceEpoch: Int { CivilCalendar.days(year: year, month: month, day: day) }

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    init(localSeconds: Int, nanosecond: Int) {
        let seconds = CivilCalendar.clampSeconds(localSeconds)
        let days = CivilCalendar.floorDiv(seconds, CivilCalendar.secondsPerDay)
        let secondOfDay = seconds - days * CivilCalendar.secondsPerDay
        let date = CivilCalendar.date(fromDays: days)
        self.init(
            year: date.year,
            month: date.month,
            day: date.day,
            hour: secondOfDay / 3600,
            minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60,
            nanosecond: nanosecond
        )
    }
}
