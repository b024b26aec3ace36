import Foundation

/// A Java `DateTimeFormatter`/`SimpleDateFormat`-style pattern (`yyyy-MM-dd'T'HH:mm:ss.SSSXXX`,
/// `EEE, dd MMM yyyy HH:mm:ss z`, ...), as used by Pact's `date`, `time` and `timestamp` matchers and the `Date`,
/// `Time` and `DateTime` generators.
///
/// The pattern is compiled once; ``matches(_:)`` and ``parse(_:)`` then cost microseconds.
///
/// Supported letters (English text, Java semantics):
///
/// | Letter | Meaning | Examples |
/// |--------|---------|----------|
/// | `G` | era | `AD`, `Anno Domini`, `A` |
/// | `u`, `y`, `Y` | year, year of era, week-based year; `yy` is 2000-2099 | `2024`, `24` |
/// | `D` | day of year | `60` |
/// | `M`, `L` | month: number, `MMM` short, `MMMM` full, `MMMMM` narrow | `2`, `02`, `Feb`, `February` |
/// | `d` | day of month | `29` |
/// | `Q`, `q` | quarter | `1`, `Q1`, `1st quarter` |
/// | `w`, `W`, `F` | ISO week of year, week of month, aligned week of month | `9` |
/// | `E` | day of week: `E`-`EEE` short, `EEEE` full | `Thu`, `Thursday` |
/// | `e`, `c` | localized day of week (number with Sunday = 1, or text from 3 letters) | `5`, `Thu` |
/// | `a` | AM/PM | `PM` |
/// | `H`, `k`, `K`, `h` | hour 0-23, 1-24, 0-11, 1-12 | `13` |
/// | `m`, `s` | minute, second | `05` |
/// | `S` | fraction of second, exactly as many digits as letters | `123` |
/// | `n`, `A`, `N` | nano of second, milli of day, nano of day | `123000000` |
/// | `V` | zone id | `Europe/London`, `Z`, `+01:00` |
/// | `z` | zone name | `UTC`, `PST`, `Pacific Standard Time` |
/// | `O` | localized offset: `O` or `OOOO` | `GMT+1`, `GMT+01:00` |
/// | `X`, `x` | ISO offset by count: `+01`/`+0130`, `+0100`, `+01:00`, `+010015`, `+01:00:15` | `Z` (`X` only) |
/// | `Z` | offset: `Z`-`ZZZ` `+0100`, `ZZZZ` `GMT+01:00`, `ZZZZZ` `+01:00` or `Z` | `-0800` |
/// | `'...'` | literal text, `''` is a quote | `'T'` |
/// | `[...]` | optional section | `HH:mm[:ss]` |
///
/// Numbers with one letter take one or two digits (`d` reads `5` and `25`); with more letters exactly that many
/// (`dd` needs `05`). Years take at least as many digits as letters. Text is matched without regard to case.
public struct JavaDateTimeFormat: Hashable, Sendable {
    /// The pattern as written.
    public let pattern: String
    let tokens: [DateTimePatternToken]

    /// Compiles a pattern.
    ///
    /// - Throws: ``DateTimeFormatError`` for unknown pattern letters, too many repeats of a letter, unterminated
    ///   quotes and unbalanced `[` `]`, naming the pattern and the (1-based) character position.
    public init(_ pattern: String) throws(DateTimeFormatError) {
        var compiler = DateTimePatternCompiler(pattern: pattern)
        self.tokens = try compiler.compile()
        self.pattern = pattern
    }

    /// Whether the whole string fits the pattern with real calendar values: months 1-12, days that exist in the
    /// month (29 February only in leap years, or when the pattern has no year), hours in the range of their
    /// letter, minutes and seconds 0-59, and exactly as many fraction digits as `S` letters.
    public func matches(_ value: String) -> Bool {
        scan(value) != nil
    }

    /// The instant a string stands for, or `nil` when it does not ``matches(_:)`` the pattern.
    ///
    /// Fields the pattern does not contain default to 1970-01-01T00:00:00; without a zone or offset in the pattern
    /// the time is taken as UTC. A named zone (`V`, or a region id read by `z`) applies its rules at that local time.
    public func parse(_ value: String) -> Date? {
        scan(value)?.resolve()
    }

    /// Prints an instant in a time zone (UTC unless given) under the pattern.
    ///
    /// Optional sections are printed. Fractions are printed from the instant rounded to the microsecond.
    public func format(_ date: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        let local = ZonedTime.local(date, in: timeZone)
        var printer = DateTimePrinter(
            time: local.time,
            offsetSeconds: local.offset,
            timeZone: timeZone,
            instant: date
        )
        printer.print(tokens)
        return printer.output
    }

    private func scan(_ value: String) -> ParsedDateTimeFields? {
        var value = value
        return value.withUTF8 { buffer -> ParsedDateTimeFields? in
            var scanner = DateTimeScanner(input: buffer)
            return scanner.parseAll(tokens) ? scanner.fields : nil
        }
    }

    public static func == (lhs: JavaDateTimeFormat, rhs: JavaDateTimeFormat) -> Bool {
        lhs.pattern == rhs.pattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
    }
}

extension JavaDateTimeFormat: CustomStringConvertible {
    public var description: String { pattern }
}
