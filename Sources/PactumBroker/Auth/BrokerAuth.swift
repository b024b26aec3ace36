import Crypto

/// What a caller of the broker may do. Roles are ordered: `read` < `write` < `admin`; each includes the ones below.
///
/// - `read`: every `GET`/`HEAD` resource, and `POST /pacts/provider/{p}/for-verification` (a query).
/// - `write`: also publishing pacts and verification results, versions, tags, branches, labels, deployments,
///   releases and environments: what a CI pipeline does.
/// - `admin`: also deleting anything and managing webhooks.
public enum BrokerRole: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case read, write, admin

    public static func < (lhs: BrokerRole, rhs: BrokerRole) -> Bool { lhs.rank < rhs.rank }

    var rank: Int {
        switch self {
        case .read: 1
        case .write: 2
        case .admin: 3
        }
    }

    public var description: String { rawValue }

    /// Whether a caller with this role may use a route needing `permission`.
    public func allows(_ permission: BrokerPermission) -> Bool {
        guard let needed = permission.role else { return true }
        return needed <= self
    }
}

/// What a route needs: nothing (`anyone`, e.g. the heartbeat) or at least a role.
public enum BrokerPermission: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case anyone, read, write, admin

    /// The least role that has this permission; nil for `anyone`.
    public var role: BrokerRole? {
        switch self {
        case .anyone: nil
        case .read: .read
        case .write: .write
        case .admin: .admin
        }
    }

    public var description: String { rawValue }

    /// The permission a route gets unless it declares one: reads (`GET`, `HEAD`, `OPTIONS`) need `read`, deletes
    /// need `admin`, other writes need `write`; anything under a `webhooks` path segment (webhook definitions and
    /// their execution) or an `admin` first segment needs `admin` to change. The Pact Broker's own exceptions are
    /// built in: the heartbeat is public and `POST …/for-verification` is a read.
    ///
    /// Routes added later get their permission from this rule, so a new `DELETE` or webhook route is never open to
    /// a `write` token by accident.
    public static func `default`(method: String, path: String) -> BrokerPermission {
        let segments = path.split(separator: "/").map(String.init)
        if segments == ["diagnostic", "status", "heartbeat"] { return .anyone }
        switch method.uppercased() {
        case "GET", "HEAD", "OPTIONS":
            return .read
        case "DELETE":
            return .admin
        default:
            if segments.count == 4, segments[0] == "pacts", segments[1] == "provider",
                segments[3] == "for-verification"
            {
                return .read
            }
            if segments.first == "admin" || segments.contains(where: { $0.lowercased().contains("webhook") }) {
                return .admin
            }
            return .write
        }
    }
}

/// A username and password for HTTP basic auth. The password never appears in descriptions, dumps or logs.
public struct BrokerBasicCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "basic auth user (password hidden)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["password": "***"]) }

    /// Whether `username` and `password` are these, compared in constant time (no early exit on the first
    /// difference, the same work for both fields whatever their lengths).
    func matches(username candidateUser: String, password candidatePassword: String) -> Bool {
        let userMatches = BrokerAuthSecrets.constantTimeEqual(Array(username.utf8), Array(candidateUser.utf8))
        let passwordMatches = BrokerAuthSecrets.constantTimeEqual(
            Array(password.utf8),
            Array(candidatePassword.utf8)
        )
        return userMatches && passwordMatches
    }
}

/// Who may use the broker. With nothing configured (the default) the broker is open to everyone, as the Pact
/// Broker is without basic auth.
///
/// Once a basic auth user is set or ``requireAuthentication`` is on, every request needs credentials (except the
/// heartbeat, `OPTIONS`, and what ``allowPublicRead``/``publicBadgeAccess`` open): a bearer token from the database
/// (`pactum broker token create`) or a basic auth user. The Pact Broker's read/write user gets the `admin` role
/// (it may do everything there, deletes and webhooks included); its read-only user gets `read`.
public struct BrokerAuthConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The read/write basic auth user (`PACT_BROKER_BASIC_AUTH_USERNAME`/`_PASSWORD`); role `admin`.
    public var basicUser: BrokerBasicCredentials?
    /// The read-only basic auth user (`PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME`/`_PASSWORD`); role `read`.
    public var readOnlyUser: BrokerBasicCredentials?
    /// Require credentials even without basic auth users (bearer tokens only).
    public var requireAuthentication: Bool
    /// Anonymous callers may read (`PACT_BROKER_ALLOW_PUBLIC_READ`).
    public var allowPublicRead: Bool
    /// Anonymous callers may fetch badges (`PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS`).
    public var publicBadgeAccess: Bool

    public init(
        basicUser: BrokerBasicCredentials? = nil,
        readOnlyUser: BrokerBasicCredentials? = nil,
        requireAuthentication: Bool = false,
        allowPublicRead: Bool = false,
        publicBadgeAccess: Bool = false
    ) {
        self.basicUser = basicUser
        self.readOnlyUser = readOnlyUser
        self.requireAuthentication = requireAuthentication
        self.allowPublicRead = allowPublicRead
        self.publicBadgeAccess = publicBadgeAccess
    }

    /// Whether requests are checked at all.
    public var isEnabled: Bool { basicUser != nil || readOnlyUser != nil || requireAuthentication }

    /// A summary without secrets, e.g. `basic auth (read/write and read-only users), bearer tokens, public read`.
    public var description: String {
        guard isEnabled else { return "off (open to everyone)" }
        var parts: [String] = []
        switch (basicUser != nil, readOnlyUser != nil) {
        case (true, true): parts.append("basic auth (read/write and read-only users)")
        case (true, false): parts.append("basic auth (read/write user)")
        case (false, true): parts.append("basic auth (read-only user)")
        case (false, false): break
        }
        parts.append("bearer tokens")
        if allowPublicRead { parts.append("public read") }
        if publicBadgeAccess { parts.append("public badges") }
        return parts.joined(separator: ", ")
    }
}

/// Hashing and comparing secrets.
enum BrokerAuthSecrets {
    /// Equality of two byte strings in time independent of where they differ and of their lengths: both are hashed
    /// (SHA-256) and the digests compared without an early exit.
    static func constantTimeEqual(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        let firstDigest = Array(SHA256.hash(data: first))
        let secondDigest = Array(SHA256.hash(data: second))
        var difference: UInt8 = 0
        for index in 0..<firstDigest.count { difference |= firstDigest[index] ^ secondDigest[index] }
        return difference == 0
    }

    /// The lowercase hex SHA-256 of a token's text: what the database keeps instead of the token.
    static func tokenHash(_ token: String) -> String {
        hex(Array(SHA256.hash(data: Array(token.utf8))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// `count` random bytes from the system's cryptographically secure generator.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
