import Testing

@testable import PactumCore

@Suite("ISO8601Validation")
struct DateTimeISO8601Tests {
    @Test func dates() {
        for valid in ["2024-02-29", "2000-02-29", "1999-12-31", "0001-01-01"] {
            #expect(ISO8601Validation.isDate(valid), "\(valid)")
        }
        for invalid in [
            "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-01", "2024-01-00",
            "2024-1-01", "24-01-01", "2024/01/01", "2024-01-01T00:00", "2024-01-01 ", "", "abcd-ef-gh",
        ] {
            #expect(!ISO8601Validation.isDate(invalid), "\(invalid)")
        }
    }

    @Test func times() {
        for valid in [
            "10:15:30", "10:15", "10:15:30.123", "10:15:30,5", "10:15:30.123456789", "23:59:59",
            "00:00:00", "10:15:30Z", "10:15:30+01:00", "10:15-0530", "10:15:30.1+01",
        ] {
            #expect(ISO8601Validation.isTime(valid), "\(valid)")
        }
        for invalid in [
            "24:00:00", "10:60", "10:15:60", "10:15:30.", "10:15:30.1234567890", "1:15", "10",
            "10:15:30+1", "10:15:30+19:00", "10:15:30 Z", "", "10:15:30+01:60",
        ] {
            #expect(!ISO8601Validation.isTime(invalid), "\(invalid)")
        }
    }

    @Test func dateTimes() {
        for valid in [
            "2024-02-29T10:15:30Z", "2024-02-29T10:15:30.123Z", "2024-02-29T10:15:30+01:00",
            "2024-02-29T10:15:30+0100", "2024-02-29T10:15:30.123-08:00", "2024-02-29T10:15",
            "2024-02-29T10:15:30", "2024-02-29 10:15:30Z", "2024-02-29t10:15:30z",
            "2024-02-29T10:15:30.123+0000",
        ] {
            #expect(ISO8601Validation.isDateTime(valid), "\(valid)")
        }
        for invalid in [
            "2023-02-29T10:15:30Z", "2024-02-29", "2024-02-29T", "2024-02-29T25:00:00Z",
            "2024-02-29X10:15:30Z", "2024-02-29T10:15:30ZZ", "2024-02-29T10:15:30+01:00:00", "",
        ] {
            #expect(!ISO8601Validation.isDateTime(invalid), "\(invalid)")
        }
    }
}
