import Foundation
import Testing

@testable import PactumCore

@Suite("JavaDateTimeFormat formatting")
struct DateTimeFormatRoundTripTests {
    /// 2024-02-29T10:15:30.123Z, a Thursday.
    static let instant = Date(timeIntervalSince1970: 1_709_201_730.123)
    static let utc = TimeZone(identifier: "UTC")!

    static let formats: [(pattern: String, utc: String)] = [
        ("yyyy-MM-dd", "2024-02-29"),
        ("HH:mm:ss", "10:15:30"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-02-29T10:15:30.123Z"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2024-02-29T10:15:30.123+0000"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", "2024-02-29T10:15:30.123000+00:00"),
        ("EEE, dd MMM yyyy HH:mm:ss z", "Thu, 29 Feb 2024 10:15:30 GMT"),
        ("EEEE d MMMM yy G", "Thursday 29 February 24 AD"),
        ("h:mm a", "10:15 AM"),
        ("K k H", "10 10 10"),
        ("D DDD", "60 060"),
        ("Q QQQ QQQQ", "1 Q1 1st quarter"),
        ("YYYY-'W'ww-e c", "2024-W09-5 5"),
        ("MMMMM EEEEE", "F T"),
        ("A n", "36930123 123000000"),
        ("O OOOO ZZZZ ZZZZZ X", "GMT GMT GMT Z Z"),
        // Foundation names the UTC zone "GMT" (which is also what HTTP dates need).
        ("VV zzzz", "GMT Greenwich Mean Time"),
        ("hh 'o''clock' a[, ss]", "10 o'clock AM, 30"),
        ("u-M-d", "2024-2-29"),
    ]

    @Test("formats in UTC", arguments: Self.formats.indices)
    func formatsInUTC(_ index: Int) throws {
        let row = Self.formats[index]
        let format = try JavaDateTimeFormat(row.pattern)
        let text = format.format(Self.instant)
        #expect(text == row.utc)
        #expect(format.matches(text), "\(row.pattern) does not match its own output \(text)")
    }

    @Test func formatsInOtherZones() throws {
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let format = try JavaDateTimeFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX|X|xx|Z|O|OOOO")
        #expect(
            format.format(Self.instant, timeZone: kolkata)
                == "2024-02-29T15:45:30.123+05:30|+0530|+0530|+0530|GMT+5:30|GMT+05:30"
        )
        #expect(
            format.format(Self.instant, timeZone: newYork)
                == "2024-02-29T05:15:30.123-05:00|-05|-0500|-0500|GMT-5|GMT-05:00"
        )
        #expect(
            try JavaDateTimeFormat("h a z VV").format(Self.instant, timeZone: newYork)
                == "5 AM EST America/New_York"
        )
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let summer = Date(timeIntervalSince1970: 1_719_824_400)
        #expect(
            try JavaDateTimeFormat("HH:mm z|zzzz").format(summer, timeZone: paris)
                == "11:00 CEST|Central European Summer Time"
        )
        let kathmandu = try #require(TimeZone(identifier: "Asia/Kathmandu"))
        #expect(try JavaDateTimeFormat("HH:mm z").format(Self.instant, timeZone: kathmandu) == "16:00 GMT+05:45")
        let fixed = try #require(TimeZone(secondsFromGMT: -(3 * 3600 + 30 * 60)))
        #expect(try JavaDateTimeFormat("HH:mm XXX").format(Self.instant, timeZone: fixed) == "06:45 -03:30")
    }

    static let roundTripPatterns = [
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
        "yyyy-MM-dd'T'HH:mm:ss.SSSSSSX",
        "yyyyMMddHHmmssSSSxx",
        "EEE, dd MMM yyyy HH:mm:ss.SSS z",
        "EEEE, d MMMM uuuu h:mm:ss.SSS a OOOO",
        "yyyy-DDD HH:mm:ss.SSS ZZZZZ",
        "dd/MM/yy hh:mm:ss.SSS a O",
        "yyyy-MM-dd HH:mm:ss.SSS VV",
    ]

    @Test("format then parse gives the same instant", arguments: Self.roundTripPatterns)
    func roundTrips(_ pattern: String) throws {
        let format = try JavaDateTimeFormat(pattern)
        let zones = ["UTC", "Europe/London", "America/Los_Angeles", "Asia/Kolkata", "Australia/Sydney"]
        // A fixed spread of instants from 2001 to 2099 (`yy` reads 2000-2099) (deterministic, no randomness needed).
        let instants = (0..<40).map { Date(timeIntervalSince1970: 978_307_200 + Double($0) * 79_876_543.211) }
        for zoneName in zones {
            let zone = try #require(TimeZone(identifier: zoneName))
            for instant in instants {
                let text = format.format(instant, timeZone: zone)
                #expect(format.matches(text), "\(pattern) in \(zoneName): \(text)")
                let parsed = try #require(format.parse(text), "\(pattern) in \(zoneName): \(text)")
                #expect(abs(parsed.timeIntervalSince(instant)) < 0.000_5, "\(pattern) in \(zoneName): \(text)")
            }
        }
    }

    @Test func datesWithoutTimesParseToMidnightUTC() throws {
        let format = try JavaDateTimeFormat(DefaultDateTimeFormats.date)
        let text = format.format(Self.instant)
        #expect(format.parse(text) == Date(timeIntervalSince1970: 1_709_164_800))
    }

    @Test func defaultFormatsAgreeWithTheValidators() throws {
        let dateTime = try JavaDateTimeFormat(DefaultDateTimeFormats.dateTime).format(Self.instant)
        #expect(dateTime == "2024-02-29T10:15:30.123+0000")
        #expect(ISO8601Validation.isDateTime(dateTime))
        let matcher = try JavaDateTimeFormat(DefaultDateTimeFormats.dateTimeMatcher).format(Self.instant)
        #expect(matcher == "2024-02-29T10:15:30Z")
        #expect(ISO8601Validation.isDateTime(matcher))
        #expect(ISO8601Validation.isDate(try JavaDateTimeFormat(DefaultDateTimeFormats.date).format(Self.instant)))
        #expect(ISO8601Validation.isTime(try JavaDateTimeFormat(DefaultDateTimeFormats.time).format(Self.instant)))
    }
}
