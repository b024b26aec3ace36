import Foundation

/// Content negotiation as the comparator does it: exact, then without parameters, then without vendor extensions
/// (`application/vnd.x+json` is `application/json`), then wildcards on either side.
enum MediaTypeMatching {
    static func match(_ requested: String, in available: [String]) -> String? {
        // The common case: one media type, written as the document writes it.
        if let index = available.firstIndex(of: requested),
            !requested.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") })
        {
            return available[index]
        }
        func quality(_ type: String) -> Double {
            guard let range = type.range(of: ";q=") else { return 1 }
            let digits = type[range.upperBound...].prefix { $0.isNumber || $0 == "." }
            return Double(digits) ?? 1
        }
        func clean(_ type: String) -> String {
            var text = type
            if text.utf8.contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                text = text.filter { !$0.isWhitespace }
            }
            if text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") || $0 >= 0x80 }) {
                text = text.lowercased()
            }
            return text
        }
        func removeQuality(_ type: String) -> String {
            guard let range = type.range(of: ";q=") else { return type }
            let rest = type[range.upperBound...].drop { $0.isNumber || $0 == "." }
            return String(type[..<range.lowerBound]) + rest
        }
        func withoutParameters(_ type: String) -> String { String(type.split(separator: ";").first ?? "") }
        func mainType(_ type: String) -> String { String(type.split(separator: "/", maxSplits: 1).first ?? "") }
        func subtype(_ type: String) -> String? {
            let parts = type.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count > 1 else { return nil }
            return parts[1].split(separator: "+", omittingEmptySubsequences: false).last.map(String.init)
        }

        var accept = requested.split(separator: ",", omittingEmptySubsequences: false).map { clean(String($0)) }
        accept = accept.enumerated().sorted { a, b in
            let qa = quality(a.element)
            let qb = quality(b.element)
            return qa != qb ? qa > qb : a.offset < b.offset
        }.map { removeQuality($0.element) }
        var candidates = available.map(clean)
        for type in accept {
            if let index = candidates.firstIndex(of: type) { return available[index] }
        }
        accept = accept.map(withoutParameters)
        candidates = candidates.map(withoutParameters)
        for type in accept {
            if let index = candidates.firstIndex(of: type) { return available[index] }
        }
        for type in accept {
            if let index = candidates.firstIndex(where: {
                mainType($0) == mainType(type) && subtype($0) == subtype(type)
            }
            ) {
                return available[index]
            }
        }
        for type in accept {
            if let index = candidates.firstIndex(where: { subtype($0) == "*" && mainType($0) == mainType(type) }) {
                return available[index]
            }
        }
        if candidates.contains("*/*") { return "*/*" }
        for type in accept {
            if let index = candidates.firstIndex(where: { subtype(type) == "*" && mainType($0) == mainType(type) }) {
                return available[index]
            }
        }
        if accept.contains("*/*") { return available.first }
        return nil
    }

    /// The body types whose contents the comparator validates.
    static let validatable = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]

    enum BodyStatus { case validate, skip, warn }

    static func bodyStatus(_ contentType: String?, hasBody: Bool, validatable: [String] = validatable) -> BodyStatus {
        guard let contentType else { return .skip }
        if match(contentType, in: validatable) != nil { return .validate }
        return hasBody ? .warn : .skip
    }
}
