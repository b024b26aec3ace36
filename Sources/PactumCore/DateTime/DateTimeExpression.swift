import Foundation

/// A Pact date/time expression, moving a base instant for the `Date`, `Time` and `DateTime` generators.
///
/// The grammar follows the Pact reference implementations (pact-reference `datetime_expressions`, pact-jvm
/// `DateExpression`/`TimeExpression`), with a few additions (marked *):
///
/// ```
/// expression := [date-part] ['@' time-part]
/// date-part  := [now | today | yesterday | tomorrow] step*
/// time-part  := [now | midnight | noon | H o'clock [am|pm] | H am|pm* | H:MM[:SS] [am|pm]*] step*
/// step       := ('+' | '-') N unit | 'next' offset | 'last' offset
/// unit       := year(s) | month(s) | fortnight(s) | week(s) | day(s)
///             | hour(s) | minute(s) | second(s) | millisecond(s)          (all units in both parts*)
/// offset     := unit | monday ... sunday (mon, tue, ...) | january ... december (jan, feb, ...)
/// ```
///
/// Examples from a base of 2000-01-01T10:00Z: `tomorrow` → 2000-01-02T10:00Z, `- 2 weeks` → 1999-12-18T10:00Z,
/// `next monday` → 2000-01-03T10:00Z, `last december` → 1999-12-01T10:00Z, `+ 1 day @ noon` → 2000-01-02T12:00Z,
/// `@ 2 o'clock` → 14:00, `yesterday @ midnight - 1 hour` → 1999-12-30T23:00Z, `+ 3 months @ 8:30 am`.
///
/// Semantics: days, weeks, months and years move the calendar date keeping the wall-clock time (a month or year
/// that lands on a day the month lacks uses its last day, e.g. 31 January + 1 month → 29 February 2024);
/// hours and smaller are exact durations. `next`/`last` with a day or month name go to the nearest such day
/// strictly after/before (month names land on the 1st). `H o'clock` without am/pm picks the first of H:00 and
/// (H+12):00 after the base time on the same day. Case and spacing do not matter.
public struct DateTimeExpression: Hashable, Sendable {
    /// The expression as written.
    public let expression: String
    let parsed: ParsedDateTimeExpression

    /// Parses an expression.
    ///
    /// - Throws: ``DateTimeFormatError`` naming the expression, the (1-based) character position and what was
    ///   expected there, e.g. `Invalid date/time expression '+ 1 dya': expected a unit (...) but found 'dya' at
    ///   position 5`.
    public init(_ expression: String) throws(DateTimeFormatError) {
        var parser = DateTimeExpressionParser(expression: expression)
        self.parsed = try parser.parse()
        self.expression = expression
    }

    /// Applies the expression to a base instant, reading the calendar and clock in the given time zone.
    public func evaluate(from base: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> Date {
        var state = ExpressionState(base, timeZone: timeZone)
        switch parsed.dateBase {
        case .now, .today: break
        case .yesterday: state.addDays(-1)
        case .tomorrow: state.addDays(1)
        }
        for step in parsed.dateSteps { state.apply(step) }
        let timeOfDay = state.local
        switch parsed.timeBase {
        case .now: break
        case .midnight: state.setTime(hour: 0, minute: 0, second: 0)
        case .noon: state.setTime(hour: 12, minute: 0, second: 0)
        case let .clock(hour, minute, second): state.setTime(hour: hour, minute: minute, second: second)
        case let .oClock(hour):
            let morning = hour % 12
            let current = (timeOfDay.hour * 60 + timeOfDay.minute) * 60 + timeOfDay.second
            let pickMorning = morning * 3600 > current || (morning + 12) * 3600 <= current
            state.setTime(hour: pickMorning ? morning : morning + 12, minute: 0, second: 0)
        }
        for step in parsed.timeSteps { state.apply(step) }
        return state.date
    }

    public static func == (lhs: DateTimeExpression, rhs: DateTimeExpression) -> Bool {
        lhs.expression == rhs.expression
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(expression)
    }
}

extension DateTimeExpression: CustomStringConvertible {
    public var description: String { expression }
}

/// The instant an expression is working on, with calendar moves done on the wall clock of a zone.
private struct ExpressionState {
    let timeZone: TimeZone
    var epochSeconds: Int
    var nanosecond: Int

    init(_ date: Date, timeZone: TimeZone) {
        self.timeZone = timeZone
        let parts = ZonedTime.epochParts(date)
        epochSeconds = parts.seconds
        nanosecond = parts.nanosecond
    }

    var date: Date { ZonedTime.date(epochSeconds: epochSeconds, nanosecond: nanosecond) }

    var local: LocalDateTime {
        let offset = ZonedTime.offset(of: timeZone, atEpochSeconds: epochSeconds)
        return LocalDateTime(localSeconds: epochSeconds + offset, nanosecond: nanosecond)
    }

    private mutating func setLocal(_ local: LocalDateTime) {
        epochSeconds = CivilCalendar.clampSeconds(
            ZonedTime.epochSeconds(ofLocalSeconds: CivilCalendar.clampSeconds(local.localSeconds), in: timeZone)
        )
        nanosecond = local.nanosecond
    }

    mutating func setTime(hour: Int, minute: Int, second: Int) {
        var local = self.local
        local.hour = hour
        local.minute = minute
        local.second = second
        local.nanosecond = 0
        setLocal(local)
    }

    mutating func addDays(_ days: Int) {
        let local = self.local
        let moved = LocalDateTime(
            localSeconds: CivilCalendar.clampSeconds(local.localSeconds + days * 86_400),
            nanosecond: local.nanosecond
        )
        setLocal(moved)
    }

    mutating func addMonths(_ months: Int) {
        var local = self.local
        let total = local.year * 12 + (local.month - 1) + months
        local.year = CivilCalendar.floorDiv(total, 12)
        local.month = CivilCalendar.floorMod(total, 12) + 1
        local.day = min(local.day, CivilCalendar.daysInMonth(year: local.year, month: local.month))
        setLocal(local)
    }

    mutating func addDuration(seconds: Int, nanoseconds: Int) {
        var total = nanosecond + nanoseconds
        var seconds = seconds + CivilCalendar.floorDiv(total, 1_000_000_000)
        total = CivilCalendar.floorMod(total, 1_000_000_000)
        seconds = CivilCalendar.clampSeconds(epochSeconds + seconds)
        epochSeconds = seconds
        nanosecond = total
    }

    mutating func apply(_ step: DateTimeExpressionStep) {
        switch step {
        case let .add(unit, amount):
            switch unit {
            case .year: addMonths(amount * 12)
            case .month: addMonths(amount)
            case .week: addDays(amount * 7)
            case .day: addDays(amount)
            case .hour: addDuration(seconds: amount * 3600, nanoseconds: 0)
            case .minute: addDuration(seconds: amount * 60, nanoseconds: 0)
            case .second: addDuration(seconds: amount, nanoseconds: 0)
            case .millisecond: addDuration(seconds: 0, nanoseconds: amount * 1_000_000)
            }
        case let .weekday(weekday, forward):
            let current = CivilCalendar.isoWeekday(days: local.daysSinceEpoch)
            let distance =
                forward
                ? CivilCalendar.floorMod(weekday - current - 1, 7) + 1
                : -(CivilCalendar.floorMod(current - weekday - 1, 7) + 1)
            addDays(distance)
        case let .month(month, forward):
            var local = self.local
            let distance =
                forward
                ? CivilCalendar.floorMod(month - local.month - 1, 12) + 1
                : -(CivilCalendar.floorMod(local.month - month - 1, 12) + 1)
            let total = local.year * 12 + (local.month - 1) + distance
            local.year = CivilCalendar.floorDiv(total, 12)
            local.month = CivilCalendar.floorMod(total, 12) + 1
            local.day = 1
            setLocal(local)
        }
    }
}
