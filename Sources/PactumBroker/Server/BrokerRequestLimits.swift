import Foundation

/// Bounds on what a request may carry before a handler sees it, so absurd input gets a clear 4xx instead of
/// unbounded work: query strings (length, parameter count, bracket nesting) and path parameters.
enum BrokerRequestLimits {
    static let maximumQueryLength = 65_536
    static let maximumQueryParameters = 1_000
    /// Rack's default `param_depth_limit` is 100; nothing the broker understands nests deeper than 3.
    static let maximumQueryDepth = 32
    static let maximumPathSegmentLength = 16_384

    /// Why the query is refused, or nil when it is acceptable.
    static func queryProblem(_ query: String?) -> String? {
        guard let query, !query.isEmpty else { return nil }
        if query.utf8.count > maximumQueryLength {
            return "The query string is \(query.utf8.count) bytes long; the limit is \(maximumQueryLength)"
        }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true)
        if pairs.count > maximumQueryParameters {
            return "The query string has \(pairs.count) parameters; the limit is \(maximumQueryParameters)"
        }
        for pair in pairs {
            let key = pair.prefix { $0 != "=" }
            let decoded = String(key).removingPercentEncoding ?? String(key)
            let depth = decoded.filter { $0 == "[" }.count
            if depth > maximumQueryDepth {
                return "The query parameter '\(decoded.prefix(40))…' is nested \(depth) levels deep; "
                    + "the limit is \(maximumQueryDepth)"
            }
        }
        return nil
    }

    /// Whether a Content-Type declares JSON: its media type (before any parameter) is `application/json` or
    /// `application/<something>+json` (`application/hal+json`). `text/plain; x=json` is not.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType =
            contentType.split(separator: ";", maxSplits: 1).first?
            .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        guard mediaType.hasPrefix("application/") else { return false }
        let subtype = mediaType.dropFirst("application/".count)
        return subtype == "json" || (subtype.hasSuffix("+json") && subtype.count > 5 && !subtype.contains("/"))
    }

    /// Why the path is refused, or nil when it is acceptable.
    static func pathProblem(_ segments: [String]) -> String? {
        for segment in segments where segment.utf8.count > maximumPathSegmentLength {
            return "A path segment is \(segment.utf8.count) bytes long ('\(segment.prefix(40))…'); "
                + "the limit is \(maximumPathSegmentLength)"
        }
        return nil
    }
}
