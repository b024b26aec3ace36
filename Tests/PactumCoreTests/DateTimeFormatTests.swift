import Foundation
import Testing

@testable import PactumCore

@Suite("JavaDateTimeFormat matching")
struct DateTimeFormatTests {
    static let table: [(pattern: String, value: String, matches: Bool)] = [
        // Plain dates, leap years, invalid days, wrong lengths.
        ("yyyy-MM-dd", "2024-02-29", true),
        ("yyyy-MM-dd", "2023-02-29", false),
        ("yyyy-MM-dd", "2000-02-29", true),
        ("yyyy-MM-dd", "1900-02-29", false),
        ("yyyy-MM-dd", "2024-04-31", false),
        ("yyyy-MM-dd", "2024-12-31", true),
        ("yyyy-MM-dd", "2024-13-01", false),
        ("yyyy-MM-dd", "2024-00-10", false),
        ("yyyy-MM-dd", "2024-01-00", false),
        ("yyyy-MM-dd", "2024-1-05", false),
        ("yyyy-MM-dd", "2024-01-5", false),
        ("yyyy-MM-dd", "24-01-05", false),
        ("yyyy-MM-dd", "2024-01-05 ", false),
        ("yyyy-MM-dd", " 2024-01-05", false),
        ("yyyy-MM-dd", "2024-01-05T10:00", false),
        ("yyyy-MM-dd", "23/07/19", false),
        ("yyyy-MM-dd", "", false),
        ("yyyy-M-d", "2024-1-5", true),
        ("yyyy-M-d", "2024-11-25", true),
        ("yyyy-M-d", "2024-111-25", false),
        ("MM-dd", "02-29", true),
        ("MM-dd", "02-30", false),
        ("dd/MM/yy", "29/02/24", true),
        ("dd/MM/yy", "29/02/23", false),
        ("dd/MM/yy", "29/02/2024", false),
        ("yyyyMMdd", "20240229", true),
        ("yyyyMMdd", "20230229", false),
        ("yyyyMMdd", "2024022", false),
        ("yyMMddHHmmssZ", "010704120856-0700", true),
        ("yyyyy.MMMMM.dd", "02001.July.04", true),
        ("yyyy-DDD", "2024-366", true),
        ("yyyy-DDD", "2023-366", false),
        ("yyyy-DDD", "2023-000", false),
        ("yyyy#MM#dd#HH#mm#ss", "2013#12#01#14#00#00", true),
        // Times and hour letters.
        ("HH:mm:ss", "14:00:00", true),
        ("HH:mm:ss", "23:59:59", true),
        ("HH:mm:ss", "24:00:00", false),
        ("HH:mm:ss", "33:00:00", false),
        ("HH:mm:ss", "12:60:00", false),
        ("HH:mm:ss", "12:00:60", false),
        ("HH:mm:ss", "1:00:00", false),
        ("HH:mm:ss", "100", false),
        ("H:mm", "9:05", true),
        ("Hmm", "930", true),
        ("kk:mm", "24:00", true),
        ("kk:mm", "00:00", false),
        ("KK:mm", "00:30", true),
        ("KK:mm", "12:30", false),
        ("hh:mm a", "12:08 PM", true),
        ("hh:mm a", "00:08 PM", false),
        ("hh:mm a", "13:08 PM", false),
        ("h:mm a", "9:08 am", true),
        ("h:mm a", "9:08 XM", false),
        ("K:mm a, z", "0:08 PM, AEST", true),
        ("mm:ss", "61:01", false),
        ("ss:mm:HH", "05:10:14", true),
        // Fractions.
        ("HH:mm:ss.SSS", "10:15:30.123", true),
        ("HH:mm:ss.SSS", "10:15:30.12", false),
        ("HH:mm:ss.SSS", "10:15:30.1234", false),
        ("HH:mm:ss.SSSSSS", "10:15:30.123456", true),
        ("HH:mm:ss.n", "10:15:30.123456789", true),
        ("A", "35392790", true),
        // Text months and days.
        ("dd MMM yyyy", "04 Jul 2001", true),
        ("dd MMM yyyy", "04 jul 2001", true),
        ("dd MMM yyyy", "04 July 2001", false),
        ("dd MMMM yyyy", "04 July 2001", true),
        ("dd MMMM yyyy", "31 September 2001", false),
        ("dd MMM yyyy", "30 Sep 2001", true),
        ("EEE, MMM d, ''yy", "Wed, Jul 4, '01", true),
        ("EEEE", "Tuesday", true),
        ("EEE", "Tue", true),
        ("EEE", "Tuesday", false),
        ("E", "3", false),
        ("e", "3", true),
        ("c", "0", false),
        ("EEE, d MMM yyyy HH:mm:ss Z", "Wed, 4 Jul 2001 12:08:56 -0700", true),
        ("EEE, dd MMM yyyy HH:mm:ss z", "Wed, 04 Jul 2001 12:08:56 GMT", true),
        ("EEE, dd MMM yyyy HH:mm:ss z", "Wed, 04 Jul 2001 12:08:56 PST", true),
        ("EEE, dd MMM yyyy HH:mm:ss z", "Wed, 04 Jul 2001 12:08:56 XYZ", false),
        ("yyyy.MM.dd G 'at' HH:mm:ss z", "2001.07.04 AD at 12:08:56 PDT", true),
        ("G", "BC", true),
        ("G", "BX", false),
        ("QQQ yyyy", "Q2 2024", true),
        ("QQQQ", "2nd quarter", true),
        ("QQQQ", "5th quarter", false),
        ("Q", "5", false),
        ("YYYY-'W'ww-e", "2001-W27-3", true),
        ("YYYY-'W'ww", "2020-W53", true),
        ("YYYY-'W'ww", "2021-W53", false),
        ("ww", "57", false),
        // Offsets and zones.
        ("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "2001-07-04T12:08:56.235-0700", true),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSX", "2001-07-04T12:08:56.235Z", true),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2001-07-04T12:08:56.235-07:00", true),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2001-07-04T12:08:56.235Z", true),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2001-07-04T12:08:56.235-0700", false),
        ("yyyy-MM-dd HH:mm:ssZZZ", "2013-12-01 14:00:00+1000", true),
        ("yyyy-MM-dd HH:mm:ssZZZ", "2013-12-01 14:00:00+10:00", false),
        ("yyyy-MM-dd HH:mm:ssZZZ", "13-12-01 14:00:00+10:00", false),
        ("Z", "+1030", true),
        ("Z", "-2400", false),
        ("Z", "2361", false),
        ("Z", "Z", false),
        ("ZZZZ", "GMT", true),
        ("ZZZZ", "GMT+10:00", true),
        ("ZZZZ", "1100", false),
        ("ZZZZZ", "+10:00", true),
        ("ZZZZZ", "Z", true),
        ("X", "Z", true),
        ("X", "+08", true),
        ("X", "-0730", true),
        ("x", "Z", false),
        ("x", "+00", true),
        ("XX", "-0730", true),
        ("XX", "+10", false),
        ("XXX", "-07:30", true),
        ("XXX", "-0730", false),
        ("XXXX", "-073000", true),
        ("XXXX", "-07:30", false),
        ("XXXXX", "-07:30:00", true),
        ("XXXXX", "-073000", false),
        ("xxx", "+19:00", false),
        ("O", "GMT-7", true),
        ("O", "UTC+9:30", true),
        ("OOOO", "GMT+08:00", true),
        ("OOOO", "GMT+08", false),
        ("VV", "Europe/London", true),
        ("VV", "Mars/Olympus_Mons", false),
        ("VV", "CET", true),
        ("VV", "Nowhere", false),
        ("VV", "UTC+01:00", true),
        ("VV", "-05:00", true),
        ("yyyy-MM-dd'T'HH:mmXXX'['VV']'", "2020-01-01T10:00+01:00[Europe/Warsaw]", true),
        ("zzzz", "Pacific Standard Time", true),
        // Literals and optional sections.
        ("'ello'", "ello", true),
        ("'ello'", "elo", false),
        ("'dd-MM-yyyy'", "dd-MM-yyyy", true),
        ("hh 'o''clock' a", "12 o'clock PM", true),
        ("HH:mm[:ss]", "10:15", true),
        ("HH:mm[:ss]", "10:15:30", true),
        ("HH:mm[:ss]", "10:15:", false),
        ("yyyy-MM-dd['T'HH:mm[:ss][.SSS]][XXX]", "2024-02-29T10:15:30.123+01:00", true),
        ("yyyy-MM-dd['T'HH:mm[:ss][.SSS]][XXX]", "2024-02-29Z", true),
        ("yyyy-MM-dd['T'HH:mm[:ss][.SSS]][XXX]", "2024-02-30", false),
        ("", "", true),
        ("", "x", false),
    ]

    @Test("table of patterns and values", arguments: Self.table.indices)
    func matchesTable(_ index: Int) throws {
        let row = Self.table[index]
        let format = try JavaDateTimeFormat(row.pattern)
        #expect(format.matches(row.value) == row.matches, "\(row.pattern) ~ \(row.value)")
        #expect((format.parse(row.value) != nil) == row.matches, "\(row.pattern) parse \(row.value)")
    }

    @Test func parsesInstants() throws {
        func parse(_ pattern: String, _ value: String) throws -> Double? {
            try JavaDateTimeFormat(pattern).parse(value)?.timeIntervalSince1970
        }
        #expect(try parse("yyyy-MM-dd", "2024-02-29") == 1_709_164_800)
        #expect(try parse("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-02-29T10:15:30+01:00") == 1_709_198_130)
        #expect(try parse("yyyy-MM-dd'T'HH:mm:ssZ", "2024-02-29T10:15:30-0130") == 1_709_207_130)
        #expect(try parse("yyyy-MM-dd HH:mm:ss z", "2024-02-29 10:15:30 PST") == 1_709_230_530)
        #expect(try parse("HH:mm", "10:15") == 36_900)
        #expect(try parse("HH:mmXXX", "10:00+01:00") == 32_400)
        #expect(try parse("HH:mm[:ss]", "10:00") == 36_000)
        #expect(try parse("hh:mm a", "12:15 AM") == 900)
        #expect(try parse("hh:mm a", "12:15 PM") == 44_100)
        #expect(try parse("kk:mm", "24:15") == 900)
        #expect(try parse("MMM yyyy", "Mar 2024") == 1_709_251_200)
        #expect(try parse("yyyy-DDD", "2024-060") == 1_709_164_800)
        #expect(try parse("YYYY-'W'ww-e", "2024-W09-5") == 1_709_164_800)
        #expect(try parse("dd/MM/yy", "29/02/24") == 1_709_164_800)
        #expect(try parse("G yyyy", "BC 0001") == -62_167_219_200)  // 1 BC is proleptic year 0
        #expect(try parse("yyyy-MM-dd", "2024-02-30") == nil)
        let millis = try #require(try parse("HH:mm:ss.SSS", "00:00:01.250"))
        #expect(abs(millis - 1.25) < 1e-9)
        // A named zone applies its rules at the local time: 10:00 in London is 09:00 UTC in summer.
        #expect(try parse("yyyy-MM-dd HH:mm VV", "2024-07-01 10:00 Europe/London") == 1_719_824_400)
        #expect(try parse("yyyy-MM-dd HH:mm VV", "2024-01-01 10:00 Europe/London") == 1_704_103_200)
    }

    @Test func rejectsBadPatterns() {
        func message(_ pattern: String) -> String? {
            do {
                _ = try JavaDateTimeFormat(pattern)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(
            message("yyyy-MM-dd b") == "Invalid date/time pattern 'yyyy-MM-dd b': unknown pattern letter 'b' "
                + "at position 12; put literal text in single quotes, e.g. 'T'"
        )
        #expect(
            message("yyyy-MM-ddTHH:mm") == "Invalid date/time pattern 'yyyy-MM-ddTHH:mm': unknown pattern "
                + "letter 'T' at position 11; put literal text in single quotes, e.g. 'T'"
        )
        #expect(
            message("yyyy-MM-dd'T HH") == "Invalid date/time pattern 'yyyy-MM-dd'T HH': the quoted text is "
                + "never closed at position 11; end it with ' (write '' for a literal quote)"
        )
        #expect(
            message("yyyy-MM-ddd") == "Invalid date/time pattern 'yyyy-MM-ddd': too many pattern letters 'd' "
                + "(3, at most 2) at position 9; write dd for a two-digit value"
        )
        #expect(
            message("SSSSSSSSSS") == "Invalid date/time pattern 'SSSSSSSSSS': too many pattern letters 'S' "
                + "(10, at most 9) at position 1"
        )
        #expect(
            message("HH:mm[:ss") == "Invalid date/time pattern 'HH:mm[:ss': the optional section '[' is never "
                + "closed at position 6; add a matching ']'"
        )
        #expect(
            message("HH:mm]") == "Invalid date/time pattern 'HH:mm]': ']' closes no optional section at "
                + "position 6; open the section with '[' or quote a literal bracket as ']'"
        )
        #expect(
            message("OO") == "Invalid date/time pattern 'OO': pattern letter 'O' repeated 2 times at position 1; "
                + "use O for GMT+8 or OOOO for GMT+08:00"
        )
        #expect(message("aaa") != nil)
        #expect(message("yyyy-MM-dd'T'HH:mm:ss.SSSXXX") == nil)
        #expect(message("''") == nil)
    }

    @Test func errorDescriptionIsTheMessage() {
        let error = DateTimeFormatError(message: "boom")
        #expect(error.description == "boom")
        #expect(String(describing: error) == "boom")
    }

    @Test func equalityFollowsThePattern() throws {
        #expect(try JavaDateTimeFormat("yyyy") == JavaDateTimeFormat("yyyy"))
        #expect(try JavaDateTimeFormat("yyyy") != JavaDateTimeFormat("yy"))
        #expect(try Set([JavaDateTimeFormat("yyyy"), JavaDateTimeFormat("yyyy")]).count == 1)
    }

    @Test func neverCrashesOnOddInput() throws {
        let format = try JavaDateTimeFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX'['VV']' z O EEEE MMMM")
        for value in ["", "\u{0}", "9999999999999999999999", "🙂", "2024-02-29T10:15:30.123+99:99", "--", "+", "Z"] {
            #expect(!format.matches(value))
        }
        #expect(try !JavaDateTimeFormat("yyyyyyyyy").matches("99999999999999999999999"))
        #expect(try JavaDateTimeFormat("yyyyyyyyy").matches("999999999"))
    }

    @Test func matchesRepeatedlyWithOneCompiledPattern() throws {
        // Speed is measured in Benchmarks/; this checks a compiled pattern is reusable and stateless.
        let format = try JavaDateTimeFormat("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
        var count = 0
        for _ in 0..<1_000 where format.matches("2024-02-29T10:15:30.123+01:00") { count += 1 }
        #expect(count == 1_000)
        #expect(!format.matches("2024-02-30T10:15:30.123+01:00"))
    }
}
