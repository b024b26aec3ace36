/// The Java-style patterns Pact implementations fall back to when a date/time generator or matcher has no format.
///
/// These follow the Pact reference implementation (pact-reference, Rust):
/// - `Date` generator and `date` matcher: `yyyy-MM-dd` (e.g. `2024-02-29`)
/// - `Time` generator and `time` matcher: `HH:mm:ss` (e.g. `10:15:30`)
/// - `DateTime` generator: `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (e.g. `2024-02-29T10:15:30.000+0000`)
/// - `timestamp`/`datetime` matcher: `yyyy-MM-dd'T'HH:mm:ssXXX` (e.g. `2024-02-29T10:15:30Z`)
///
/// Matchers without a format should prefer the more forgiving ``ISO8601Validation``, which accepts all of these.
public enum DefaultDateTimeFormats {
    /// The default date format: `yyyy-MM-dd`.
    public static let date = "yyyy-MM-dd"
    /// The default time format: `HH:mm:ss`.
    public static let time = "HH:mm:ss"
    /// The default format of generated date-times: `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, as the Rust reference generates.
    public static let dateTime = "yyyy-MM-dd'T'HH:mm:ss.SSSZ"
    /// The format the Rust reference checks `timestamp`/`datetime` matchers without a format against:
    /// `yyyy-MM-dd'T'HH:mm:ssXXX`.
    public static let dateTimeMatcher = "yyyy-MM-dd'T'HH:mm:ssXXX"
}
