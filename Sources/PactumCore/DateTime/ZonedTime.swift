import Foundation

/// Conversions between `Date` instants and wall-clock times in a `TimeZone`.
enum ZonedTime {
    /// Splits a `Date` into whole epoch seconds and nanoseconds (rounded to microseconds, the precision a
    /// `Date` reliably holds for present-day instants).
    static func epochParts(_ date: Date) -> (seconds: Int, nanosecond: Int) {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else { return (0, 0) }
        let limit = Double(CivilCalendar.maxSeconds)
        let clamped = min(max(interval, -limit), limit)
        let whole = clamped.rounded(.down)
        var seconds = Int(whole)
        var micros = Int(((clamped - whole) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        return (seconds, micros * 1000)
    }

    static func date(epochSeconds: Int, nanosecond: Int) -> Date {
        Date(timeIntervalSince1970: Double(epochSeconds) + Double(nanosecond) / 1_000_000_000)
    }

    static func offset(of timeZone: TimeZone, atEpochSeconds seconds: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    }

    /// The wall-clock time of an instant in a zone, plus the zone offset in force.
    static func local(_ date: Date, in timeZone: TimeZone) -> (time: LocalDateTime, offset: Int) {
        let parts = epochParts(date)
        let offset = offset(of: timeZone, atEpochSeconds: parts.seconds)
        return (LocalDateTime(localSeconds: parts.seconds + offset, nanosecond: parts.nanosecond), offset)
    }

    /// The epoch seconds of a wall-clock time in a zone (for gaps and overlaps, the earlier offset wins).
    static func epochSeconds(ofLocalSeconds local: Int, in timeZone: TimeZone) -> Int {
        let guess = local - offset(of: timeZone, atEpochSeconds: local)
        let offset = offset(of: timeZone, atEpochSeconds: guess)
        return local - offset
    }

    static func instant(_ local: LocalDateTime, in timeZone: TimeZone) -> Date {
        date(
            epochSeconds: epochSeconds(ofLocalSeconds: local.localSeconds, in: timeZone),
            nanosecond: local.nanosecond
        )
    }
}
