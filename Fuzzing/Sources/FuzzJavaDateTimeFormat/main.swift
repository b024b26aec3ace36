// Java date-time patterns: the input's first line is a pattern such as `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`, the rest a
// value. A pattern that compiles formats a few instants in UTC and in a zone with a half-hour offset, reads what it
// printed back, and checks and parses the value; the value is also read as a generator date-time expression.

import Foundation
import PactumCore

let instants: [Date] = [
    Date(timeIntervalSince1970: 0),
    Date(timeIntervalSince1970: 951_782_400.123_456),  // 2000-02-29
    Date(timeIntervalSince1970: -12_219_292_800),  // 1582-10-15
    Date(timeIntervalSince1970: 4_102_444_799.999),  // 2099-12-31T23:59:59.999
]
let zones: [TimeZone] = [TimeZone(identifier: "UTC"), TimeZone(identifier: "Asia/Kolkata")].compactMap { $0 }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let value = parts.count > 1 ? String(parts[1]) : ""
    if let expression = try? DateTimeExpression(value) {
        _ = expression.evaluate(from: instants[1])
    }
    guard let format = try? JavaDateTimeFormat(String(parts[0])) else { return 0 }
    for instant in instants {
        for zone in zones {
            let printed = format.format(instant, timeZone: zone)
            _ = format.parse(printed)
        }
    }
    _ = format.matches(value)
    _ = format.parse(value)
    return 0
}
