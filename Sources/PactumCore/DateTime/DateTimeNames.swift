/// English text used by date/time patterns (months, days, eras, zones), as the Java `Locale.ENGLISH` prints them.
enum DateTimeNames {
    static let monthsFull = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    static let monthsShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    /// ISO order: index 0 is Monday.
    static let daysFull = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let daysShort = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let erasShort = ["BC", "AD"]
    static let erasFull = ["Before Christ", "Anno Domini"]
    static let erasNarrow = ["B", "A"]
    static let quartersShort = ["Q1", "Q2", "Q3", "Q4"]
    static let quartersFull = ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"]

    /// A zone name with the fixed offset it stands for.
    struct ZoneName: Sendable {
        let name: String
        let offsetSeconds: Int
    }

    /// Common zone abbreviations (`z`, `zz`, `zzz`). Abbreviations are ambiguous world-wide; these follow the
    /// meaning Java gives them in the English locale (e.g. `IST` is India, `CST` is US Central).
    static let zoneAbbreviations: [ZoneName] = [
        ZoneName(name: "UTC", offsetSeconds: 0), ZoneName(name: "GMT", offsetSeconds: 0),
        ZoneName(name: "UT", offsetSeconds: 0), ZoneName(name: "Z", offsetSeconds: 0),
        ZoneName(name: "WET", offsetSeconds: 0), ZoneName(name: "WEST", offsetSeconds: 3600),
        ZoneName(name: "BST", offsetSeconds: 3600), ZoneName(name: "IST", offsetSeconds: 19_800),
        ZoneName(name: "CET", offsetSeconds: 3600), ZoneName(name: "CEST", offsetSeconds: 7200),
        ZoneName(name: "MET", offsetSeconds: 3600), ZoneName(name: "MEST", offsetSeconds: 7200),
        ZoneName(name: "EET", offsetSeconds: 7200), ZoneName(name: "EEST", offsetSeconds: 10_800),
        ZoneName(name: "MSK", offsetSeconds: 10_800), ZoneName(name: "TRT", offsetSeconds: 10_800),
        ZoneName(name: "GST", offsetSeconds: 14_400), ZoneName(name: "PKT", offsetSeconds: 18_000),
        ZoneName(name: "ICT", offsetSeconds: 25_200), ZoneName(name: "WIB", offsetSeconds: 25_200),
        ZoneName(name: "CST", offsetSeconds: -21_600), ZoneName(name: "CDT", offsetSeconds: -18_000),
        ZoneName(name: "EST", offsetSeconds: -18_000), ZoneName(name: "EDT", offsetSeconds: -14_400),
        ZoneName(name: "MST", offsetSeconds: -25_200), ZoneName(name: "MDT", offsetSeconds: -21_600),
        ZoneName(name: "PST", offsetSeconds: -28_800), ZoneName(name: "PDT", offsetSeconds: -25_200),
        ZoneName(name: "AKST", offsetSeconds: -32_400), ZoneName(name: "AKDT", offsetSeconds: -28_800),
        ZoneName(name: "HST", offsetSeconds: -36_000), ZoneName(name: "AST", offsetSeconds: -14_400),
        ZoneName(name: "ADT", offsetSeconds: -10_800), ZoneName(name: "NST", offsetSeconds: -12_600),
        ZoneName(name: "NDT", offsetSeconds: -9000), ZoneName(name: "BRT", offsetSeconds: -10_800),
        ZoneName(name: "ART", offsetSeconds: -10_800), ZoneName(name: "SGT", offsetSeconds: 28_800),
        ZoneName(name: "HKT", offsetSeconds: 28_800), ZoneName(name: "PHT", offsetSeconds: 28_800),
        ZoneName(name: "AWST", offsetSeconds: 28_800), ZoneName(name: "JST", offsetSeconds: 32_400),
        ZoneName(name: "KST", offsetSeconds: 32_400), ZoneName(name: "ACST", offsetSeconds: 34_200),
        ZoneName(name: "ACDT", offsetSeconds: 37_800), ZoneName(name: "AEST", offsetSeconds: 36_000),
        ZoneName(name: "AEDT", offsetSeconds: 39_600), ZoneName(name: "NZST", offsetSeconds: 43_200),
        ZoneName(name: "NZDT", offsetSeconds: 46_800), ZoneName(name: "SAST", offsetSeconds: 7200),
        ZoneName(name: "WAT", offsetSeconds: 3600), ZoneName(name: "CAT", offsetSeconds: 7200),
        ZoneName(name: "EAT", offsetSeconds: 10_800),
    ]

    /// Full zone names (`zzzz`) with their abbreviation's offset.
    static let zoneFullNames: [(abbreviation: String, name: String)] = [
        ("UTC", "Coordinated Universal Time"), ("GMT", "Greenwich Mean Time"),
        ("WET", "Western European Standard Time"), ("WEST", "Western European Summer Time"),
        ("BST", "British Summer Time"), ("IST", "India Standard Time"),
        ("CET", "Central European Standard Time"), ("CEST", "Central European Summer Time"),
        ("CET", "Central European Time"), ("EET", "Eastern European Standard Time"),
        ("EEST", "Eastern European Summer Time"), ("MSK", "Moscow Standard Time"),
        ("EST", "Eastern Standard Time"), ("EDT", "Eastern Daylight Time"),
        ("CST", "Central Standard Time"), ("CDT", "Central Daylight Time"),
        ("MST", "Mountain Standard Time"), ("MDT", "Mountain Daylight Time"),
        ("PST", "Pacific Standard Time"), ("PDT", "Pacific Daylight Time"),
        ("AKST", "Alaska Standard Time"), ("AKDT", "Alaska Daylight Time"),
        ("HST", "Hawaii-Aleutian Standard Time"), ("HST", "Hawaii Standard Time"),
        ("JST", "Japan Standard Time"), ("KST", "Korean Standard Time"),
        ("SGT", "Singapore Standard Time"), ("HKT", "Hong Kong Standard Time"),
        ("AWST", "Australian Western Standard Time"), ("ACST", "Australian Central Standard Time"),
        ("ACDT", "Australian Central Daylight Time"), ("AEST", "Australian Eastern Standard Time"),
        ("AEDT", "Australian Eastern Daylight Time"), ("NZST", "New Zealand Standard Time"),
        ("NZDT", "New Zealand Daylight Time"),
    ]

    /// Every zone text `z` accepts: abbreviations and full names, each with its offset.
    static let zoneTexts: [ZoneName] = {
        var result = zoneAbbreviations
        for entry in zoneFullNames {
            if let abbreviation = zoneAbbreviations.first(where: { $0.name == entry.abbreviation }) {
                result.append(ZoneName(name: entry.name, offsetSeconds: abbreviation.offsetSeconds))
            }
        }
        return result
    }()

    /// Abbreviations (standard, daylight saving) of common region zones, used to print `z`: Foundation on Linux
    /// only offers `GMT+1`-style abbreviations.
    static let regionAbbreviations: [String: (standard: String, daylight: String)] = {
        var table: [String: (standard: String, daylight: String)] = [:]
        func add(_ standard: String, _ daylight: String, _ regions: [String]) {
            for region in regions { table[region] = (standard, daylight) }
        }
        add(
            "EST",
            "EDT",
            [
                "America/New_York", "America/Toronto", "America/Detroit", "America/Montreal",
                "US/Eastern", "EST5EDT",
            ]
        )
        add("CST", "CDT", ["America/Chicago", "America/Winnipeg", "US/Central", "CST6CDT"])
        add("MST", "MDT", ["America/Denver", "America/Edmonton", "America/Boise", "US/Mountain", "MST7MDT"])
        add("MST", "MST", ["America/Phoenix"])
        add("PST", "PDT", ["America/Los_Angeles", "America/Vancouver", "America/Tijuana", "US/Pacific", "PST8PDT"])
        add("AKST", "AKDT", ["America/Anchorage"])
        add("HST", "HST", ["Pacific/Honolulu", "US/Hawaii"])
        add("AST", "ADT", ["America/Halifax"])
        add("NST", "NDT", ["America/St_Johns"])
        add("BRT", "BRT", ["America/Sao_Paulo"])
        add("ART", "ART", ["America/Argentina/Buenos_Aires", "America/Buenos_Aires"])
        add("GMT", "BST", ["Europe/London", "Europe/Belfast", "GB"])
        add("WET", "WEST", ["Europe/Lisbon", "Atlantic/Canary", "Atlantic/Madeira"])
        add(
            "CET",
            "CEST",
            [
                "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam",
                "Europe/Brussels", "Europe/Vienna", "Europe/Zurich", "Europe/Stockholm", "Europe/Oslo",
                "Europe/Copenhagen", "Europe/Prague", "Europe/Warsaw", "Europe/Budapest",
                "Europe/Luxembourg", "Europe/Monaco", "Europe/Belgrade", "Europe/Zagreb",
                "Europe/Ljubljana", "Europe/Bratislava", "Europe/Malta", "Europe/Andorra", "CET",
            ]
        )
        add(
            "EET",
            "EEST",
            [
                "Europe/Athens", "Europe/Helsinki", "Europe/Kiev", "Europe/Kyiv", "Europe/Bucharest",
                "Europe/Sofia", "Europe/Riga", "Europe/Tallinn", "Europe/Vilnius", "EET",
            ]
        )
        add("MSK", "MSK", ["Europe/Moscow"])
        add("TRT", "TRT", ["Europe/Istanbul"])
        add("GST", "GST", ["Asia/Dubai"])
        add("PKT", "PKT", ["Asia/Karachi"])
        add("IST", "IST", ["Asia/Kolkata", "Asia/Calcutta"])
        add("ICT", "ICT", ["Asia/Bangkok", "Asia/Ho_Chi_Minh"])
        add("WIB", "WIB", ["Asia/Jakarta"])
        add("SGT", "SGT", ["Asia/Singapore"])
        add("HKT", "HKT", ["Asia/Hong_Kong"])
        add("PHT", "PHT", ["Asia/Manila"])
        add("JST", "JST", ["Asia/Tokyo"])
        add("KST", "KST", ["Asia/Seoul"])
        add("AWST", "AWST", ["Australia/Perth"])
        add("ACST", "ACDT", ["Australia/Adelaide", "Australia/Broken_Hill"])
        add("ACST", "ACST", ["Australia/Darwin"])
        add(
            "AEST",
            "AEDT",
            [
                "Australia/Sydney", "Australia/Melbourne", "Australia/Hobart", "Australia/Canberra",
                "Australia/ACT", "Australia/NSW", "Australia/Victoria",
            ]
        )
        add("AEST", "AEST", ["Australia/Brisbane"])
        add("NZST", "NZDT", ["Pacific/Auckland", "NZ"])
        add("SAST", "SAST", ["Africa/Johannesburg"])
        add("WAT", "WAT", ["Africa/Lagos"])
        add("CAT", "CAT", ["Africa/Maputo", "Africa/Harare"])
        add("EAT", "EAT", ["Africa/Nairobi", "Africa/Addis_Ababa"])
        return table
    }()
}
