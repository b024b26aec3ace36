import Foundation

/// How a client authenticates to a Pact broker: HTTP basic auth or a bearer token.
public enum BrokerAuthentication: Sendable, Hashable {
    /// HTTP basic authentication (the Pact Broker's read/write and read-only users).
    case basic(username: String, password: String)
    /// A bearer token (`Authorization: Bearer …`).
    case bearer(token: String)

    /// The value of the `Authorization` header.
    public var headerValue: String {
        switch self {
        case .basic(let username, let password):
            "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .bearer(let token):
            "Bearer \(token)"
        }
    }

    /// Authentication from the options the official tools take: a token wins over a username; a username without a
    /// password uses an empty password; nothing given means no authentication.
    public init?(username: String?, password: String?, token: String?) {
        if let token, !token.isEmpty {
            self = .bearer(token: token)
        } else if let username, !username.isEmpty {
            self = .basic(username: username, password: password ?? "")
        } else {
            return nil
        }
    }
}
