import Foundation
import Testing

@testable import PactumCore

@Suite("DateTimeExpression")
struct DateTimeExpressionTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// 2000-01-01T10:00:00Z, a Saturday: the base the Pact reference documents its expressions with.
    static let referenceBase = Date(timeIntervalSince1970: 946_720_800)
    /// 2024-01-31T10:15:00Z, a Wednesday.
    static let base = Date(timeIntervalSince1970: 1_706_696_100)

    static let isoFormat = try? JavaDateTimeFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")

    static func iso(_ date: Date, _ zone: TimeZone = utc) -> String {
        isoFormat?.format(date, timeZone: zone) ?? "invalid format"
    }

    /// The examples of pact-reference `datetime_expressions.rs` (base 2000-01-01T10:00Z).
    static let referenceTable: [(expression: String, expected: String)] = [
        ("", "2000-01-01T10:00:00.000Z"),
        ("now", "2000-01-01T10:00:00.000Z"),
        ("today", "2000-01-01T10:00:00.000Z"),
        ("yesterday", "1999-12-31T10:00:00.000Z"),
        ("tomorrow", "2000-01-02T10:00:00.000Z"),
        ("+ 1 day", "2000-01-02T10:00:00.000Z"),
        ("+ 1 week", "2000-01-08T10:00:00.000Z"),
        ("- 2 weeks", "1999-12-18T10:00:00.000Z"),
        ("+ 4 years", "2004-01-01T10:00:00.000Z"),
        ("tomorrow+ 4 years", "2004-01-02T10:00:00.000Z"),
        ("next week", "2000-01-08T10:00:00.000Z"),
        ("last month", "1999-12-01T10:00:00.000Z"),
        ("next fortnight", "2000-01-15T10:00:00.000Z"),
        ("next monday", "2000-01-03T10:00:00.000Z"),
        ("last wednesday", "1999-12-29T10:00:00.000Z"),
        ("next mon", "2000-01-03T10:00:00.000Z"),
        ("last december", "1999-12-01T10:00:00.000Z"),
        ("next jan", "2001-01-01T10:00:00.000Z"),
        ("next june + 2 weeks", "2000-06-15T10:00:00.000Z"),
        ("last mon + 2 weeks", "2000-01-10T10:00:00.000Z"),
        ("+ 1 day - 2 weeks", "1999-12-19T10:00:00.000Z"),
        ("last december + 2 weeks + 4 days", "1999-12-19T10:00:00.000Z"),
        ("@ now", "2000-01-01T10:00:00.000Z"),
        ("@ midnight", "2000-01-01T00:00:00.000Z"),
        ("@ noon", "2000-01-01T12:00:00.000Z"),
        ("@ 2 o'clock", "2000-01-01T14:00:00.000Z"),
        ("@ 1 o'clock am", "2000-01-01T01:00:00.000Z"),
        ("@ 1 o'clock pm", "2000-01-01T13:00:00.000Z"),
        ("@ + 1 hour", "2000-01-01T11:00:00.000Z"),
        ("@ - 2 minutes", "2000-01-01T09:58:00.000Z"),
        ("@ + 4 seconds", "2000-01-01T10:00:04.000Z"),
        ("@ + 4 milliseconds", "2000-01-01T10:00:00.004Z"),
        ("@ midnight+ 4 minutes", "2000-01-01T00:04:00.000Z"),
        ("@ next hour", "2000-01-01T11:00:00.000Z"),
        ("@ last minute", "2000-01-01T09:59:00.000Z"),
        ("@ now + 2 hours - 4 minutes", "2000-01-01T11:56:00.000Z"),
        ("@  + 2 hours - 4 minutes", "2000-01-01T11:56:00.000Z"),
        ("today @ 1 o'clock", "2000-01-01T13:00:00.000Z"),
        ("yesterday @ midnight", "1999-12-31T00:00:00.000Z"),
        ("yesterday @ midnight - 1 hour", "1999-12-30T23:00:00.000Z"),
        ("tomorrow @ now", "2000-01-02T10:00:00.000Z"),
        ("+ 1 day @ noon", "2000-01-02T12:00:00.000Z"),
        ("+ 1 week @ +1 hour", "2000-01-08T11:00:00.000Z"),
        ("- 2 weeks @ now + 1 hour", "1999-12-18T11:00:00.000Z"),
        ("+ 4 years @ midnight", "2004-01-01T00:00:00.000Z"),
        ("tomorrow+ 4 years @ 3 o'clock + 40 milliseconds", "2004-01-02T15:00:00.040Z"),
        ("next week @ next hour", "2000-01-08T11:00:00.000Z"),
        ("last month @ last hour", "1999-12-01T09:00:00.000Z"),
    ]

    @Test("reference examples", arguments: Self.referenceTable.indices)
    func referenceExamples(_ index: Int) throws {
        let row = Self.referenceTable[index]
        let result = try DateTimeExpression(row.expression).evaluate(from: Self.referenceBase)
        #expect(Self.iso(result) == row.expected, "'\(row.expression)'")
    }

    static let table: [(expression: String, expected: String)] = [
        ("+ 1 month", "2024-02-29T10:15:00.000Z"),
        ("+ 2 months", "2024-03-31T10:15:00.000Z"),
        ("+ 13 months", "2025-02-28T10:15:00.000Z"),
        ("- 2 months", "2023-11-30T10:15:00.000Z"),
        ("+ 1 year", "2025-01-31T10:15:00.000Z"),
        ("@ midnight", "2024-01-31T00:00:00.000Z"),
        ("+ 1 day @ noon", "2024-02-01T12:00:00.000Z"),
        ("next friday", "2024-02-02T10:15:00.000Z"),
        ("next wednesday", "2024-02-07T10:15:00.000Z"),
        ("last wednesday", "2024-01-24T10:15:00.000Z"),
        ("next month", "2024-02-29T10:15:00.000Z"),
        ("next january", "2025-01-01T10:15:00.000Z"),
        ("last january", "2023-01-01T10:15:00.000Z"),
        ("next feb", "2024-02-01T10:15:00.000Z"),
        ("+ 1 day - 2 hours @ 10 pm", "2024-02-01T22:00:00.000Z"),
        ("+ 1 day - 2 hours", "2024-02-01T08:15:00.000Z"),
        ("+ 3 months @ 8:30 am", "2024-04-30T08:30:00.000Z"),
        ("@ 8:30 pm", "2024-01-31T20:30:00.000Z"),
        ("@ 14:45:10", "2024-01-31T14:45:10.000Z"),
        ("@ 12 am", "2024-01-31T00:00:00.000Z"),
        ("@ 12 pm", "2024-01-31T12:00:00.000Z"),
        ("@ 12 o'clock", "2024-01-31T12:00:00.000Z"),
        ("@ 11 o'clock", "2024-01-31T11:00:00.000Z"),
        ("@ 10 o'clock", "2024-01-31T22:00:00.000Z"),
        ("+ 2 fortnights", "2024-02-28T10:15:00.000Z"),
        ("+ 90 minutes + 30 seconds + 250 milliseconds", "2024-01-31T11:45:30.250Z"),
        ("  TOMORROW   @   Noon  ", "2024-02-01T12:00:00.000Z"),
        ("+1day@midnight", "2024-02-01T00:00:00.000Z"),
        ("@", "2024-01-31T10:15:00.000Z"),
        ("   ", "2024-01-31T10:15:00.000Z"),
    ]

    @Test("from 2024-01-31T10:15:00Z", arguments: Self.table.indices)
    func fromFixedBase(_ index: Int) throws {
        let row = Self.table[index]
        let result = try DateTimeExpression(row.expression).evaluate(from: Self.base)
        #expect(Self.iso(result) == row.expected, "'\(row.expression)'")
    }

    @Test func calendarMovesKeepTheWallClockInTheZone() throws {
        let london = try #require(TimeZone(identifier: "Europe/London"))
        // 2024-03-30T10:00 GMT; clocks go forward on 31 March, so a day later is 10:00 BST = 09:00Z.
        let base = Date(timeIntervalSince1970: 1_711_792_800)
        #expect(
            Self.iso(try DateTimeExpression("+ 1 day").evaluate(from: base, timeZone: london), london)
                == "2024-03-31T10:00:00.000+01:00"
        )
        #expect(
            Self.iso(try DateTimeExpression("+ 24 hours").evaluate(from: base, timeZone: london), london)
                == "2024-03-31T11:00:00.000+01:00"
        )
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        // 2024-01-31T10:15Z is 19:15 in Tokyo; midnight there is 15:00Z the day before.
        #expect(
            Self.iso(try DateTimeExpression("@ midnight").evaluate(from: Self.base, timeZone: tokyo))
                == "2024-01-30T15:00:00.000Z"
        )
    }

    @Test func hugeAdjustmentsDoNotCrash() throws {
        let expression = try DateTimeExpression(String(repeating: "+ 1000000000 years ", count: 50))
        _ = expression.evaluate(from: Self.base)
        _ = try DateTimeExpression("- 1000000000 weeks @ - 1000000000 milliseconds").evaluate(from: Self.base)
        _ = try DateTimeExpression("+ 1 day").evaluate(from: Date(timeIntervalSince1970: .infinity))
    }

    static let errors: [(expression: String, message: String)] = [
        (
            "not valid",
            "Invalid date/time expression 'not valid': expected one of now, today, yesterday, tomorrow, "
                + "+, -, next or last but found 'not' at position 1"
        ),
        (
            "+ 1 dya",
            "Invalid date/time expression '+ 1 dya': expected a unit (year(s), month(s), week(s), "
                + "fortnight(s), day(s), hour(s), minute(s), second(s) or millisecond(s)) but found 'dya' at position 5"
        ),
        ("+ day", "Invalid date/time expression '+ day': expected a number after '+' but found 'day' at position 3"),
        (
            "+ 1",
            "Invalid date/time expression '+ 1': expected a unit (year(s), month(s), week(s), fortnight(s), "
                + "day(s), hour(s), minute(s), second(s) or millisecond(s)) but the expression ended at position 4"
        ),
        (
            "next blursday",
            "Invalid date/time expression 'next blursday': expected a unit, day or month after 'next' "
                + "(e.g. next week, next monday, last june) but found 'blursday' at position 6"
        ),
        (
            "tomorrow today",
            "Invalid date/time expression 'tomorrow today': expected +, -, next, last or @ "
                + "but found 'today' at position 10"
        ),
        (
            "@ teatime",
            "Invalid date/time expression '@ teatime': expected one of now, midnight, noon, a clock time "
                + "(2 o'clock, 10 pm, 8:30 am), +, -, next or last after '@' but found 'teatime' at position 3"
        ),
        (
            "@ 13 pm",
            "Invalid date/time expression '@ 13 pm': expected an hour from 1 to 12 before pm "
                + "but found '13' at position 3"
        ),
        (
            "@ 3",
            "Invalid date/time expression '@ 3': expected o'clock, am or pm after the hour 3 "
                + "but the expression ended at position 4"
        ),
        (
            "@ 25:00",
            "Invalid date/time expression '@ 25:00': '25:00' is not a time of day (hours 0-23, minutes and "
                + "seconds 0-59) at position 3"
        ),
        (
            "@ noon @ midnight",
            "Invalid date/time expression '@ noon @ midnight': only one '@' may separate the date "
                + "part from the time part but found '@' at position 8"
        ),
        ("+ 1 day; drop", "Invalid date/time expression '+ 1 day; drop': unexpected character ';' at position 8"),
        (
            "+ 99999999999 days",
            "Invalid date/time expression '+ 99999999999 days': the number 99999999999 is too "
                + "large (at most 1000000000) at position 3"
        ),
    ]

    @Test("error messages", arguments: Self.errors.indices)
    func errorMessages(_ index: Int) {
        let row = Self.errors[index]
        #expect(throws: DateTimeFormatError(message: row.message)) {
            try DateTimeExpression(row.expression)
        }
    }

    @Test func equalityFollowsTheText() throws {
        #expect(try DateTimeExpression("+ 1 day") == DateTimeExpression("+ 1 day"))
        #expect(try DateTimeExpression("+ 1 day") != DateTimeExpression("+1 day"))
        #expect(try DateTimeExpression("tomorrow").description == "tomorrow")
    }
}
