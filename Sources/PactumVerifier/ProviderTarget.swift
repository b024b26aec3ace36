import Foundation

/// Where the provider under verification listens: scheme, host, port and an optional base path that is put in front
/// of every request path.
public struct ProviderTarget: Sendable, Hashable {
    /// `http` or `https`.
    public var scheme: String
    /// The host name or address.
    public var host: String
    /// The port; `nil` uses the scheme's default.
    public var port: Int?
    /// A path prefix (`/api`), without a trailing slash; empty for none.
    public var basePath: String

    /// A provider at `scheme://host:port/basePath`.
    public init(scheme: String = "http", host: String = "localhost", port: Int? = nil, basePath: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        var path = basePath
        while path.hasSuffix("/") { path.removeLast() }
        if !path.isEmpty, !path.hasPrefix("/") { path = "/" + path }
        self.basePath = path
    }

    /// The URL of a request path (already percent-encoded) and query string on this provider.
    public func url(path: String, query: String?) -> String {
        var url = "\(scheme)://\(host)"
        if let port { url += ":\(port)" }
        url += basePath
        url += path.hasPrefix("/") ? path : "/" + path
        if let query, !query.isEmpty { url += "?" + query }
        return url
    }
}
