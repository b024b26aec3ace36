import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PactumCore

/// The outcome of checking one request's credentials against what its route needs.
enum BrokerAuthDecision: Sendable, Hashable {
    /// Go ahead.
    case allowed
    /// 401: no credentials, or credentials that are not valid. The message says what is needed, never what was sent.
    case unauthenticated(String)
    /// 403: valid credentials whose role is too low.
    case forbidden(String)
}

/// Decides whether a request may use a route: pure logic, with the token lookup passed in.
enum BrokerAuthorizer {
    static let realm = "Pactum Broker"

    /// Credentials as read from an `Authorization` header.
    enum Credentials: Sendable, Hashable {
        case none
        case basic(username: String, password: String)
        case bearer(String)
        /// Present but neither a well-formed `Basic` nor `Bearer` value.
        case malformed
    }

    /// Reads an `Authorization` header (the scheme is case-insensitive, as RFC 9110 says).
    static func credentials(from header: String?) -> Credentials {
        guard let header else { return .none }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .none }
        guard let space = trimmed.firstIndex(of: " ") else { return .malformed }
        let scheme = trimmed[..<space].lowercased()
        let value = trimmed[space...].trimmingCharacters(in: .whitespaces)
        switch scheme {
        case "bearer":
            return value.isEmpty ? .malformed : .bearer(value)
        case "basic":
            guard let data = Data(base64Encoded: value), let decoded = String(data: data, encoding: .utf8),
                let colon = decoded.firstIndex(of: ":")
            else { return .malformed }
            return .basic(
                username: String(decoded[..<colon]),
                password: String(decoded[decoded.index(after: colon)...])
            )
        default:
            return .malformed
        }
    }

    /// Whether a request with `credentials` may use a route needing `permission`. `route` (`GET /pacticipants/:p`)
    /// names the route in messages; `isBadge` marks badge routes (opened by `publicBadgeAccess`); `tokenRole` looks a
    /// bearer token up (nil: unknown or revoked).
    static func decide(
        credentials: Credentials,
        permission: BrokerPermission,
        route: String,
        isBadge: Bool = false,
        configuration: BrokerAuthConfiguration,
        tokenRole: (String) async throws -> BrokerRole?
    ) async throws -> BrokerAuthDecision {
        guard configuration.isEnabled, let needed = permission.role else { return .allowed }
        let role: BrokerRole
        switch credentials {
        case .none:
            if configuration.allowPublicRead, needed == .read { return .allowed }
            if configuration.publicBadgeAccess, isBadge, needed == .read { return .allowed }
            return .unauthenticated(
                "Authentication required: \(route) needs the \(needed) role. Send a bearer token "
                    + "(Authorization: Bearer <token>; the CLI's --broker-token or PACT_BROKER_TOKEN)"
                    + (configuration.basicUser != nil || configuration.readOnlyUser != nil
                        ? " or basic auth credentials (--broker-username/--broker-password)" : "")
            )
        case .malformed:
            return .unauthenticated(
                "The Authorization header is not valid: send 'Bearer <token>' or 'Basic <base64 of username:password>'"
            )
        case .basic(let username, let password):
            // Both users are always compared, so the time taken does not tell which one nearly matched.
            let readWrite = configuration.basicUser?.matches(username: username, password: password) ?? false
            let readOnly = configuration.readOnlyUser?.matches(username: username, password: password) ?? false
            if readWrite {
                role = .admin
            } else if readOnly {
                role = .read
            } else {
                return .unauthenticated("The basic auth username or password is wrong")
            }
        case .bearer(let token):
            guard let found = try await tokenRole(token) else {
                return .unauthenticated(
                    "The bearer token is not valid: it is unknown or was revoked (`pactum broker token list` shows "
                        + "the tokens)"
                )
            }
            role = found
        }
        guard role.allows(permission) else {
            return .forbidden("Forbidden: \(route) needs the \(needed) role; these credentials have the \(role) role")
        }
        return .allowed
    }

    /// Logs a warning at start-up when the database has API tokens but auth is off: the tokens would give a false
    /// sense of protection while everyone may use the broker.
    static func warnIfTokensAreIgnored(
        _ configuration: BrokerAuthConfiguration,
        database: BrokerDatabase,
        logger: Logger
    ) async {
        guard !configuration.isEnabled, let tokens = try? await database.tokens(), !tokens.isEmpty else { return }
        let message =
            "Authentication is off, so the \(tokens.count) API token(s) in the database are not required: anyone may "
            + "use this broker. Start it with --require-auth (tokens only) or a basic auth user to require them."
        logger.warning("\(message)")
    }

    /// Checks a request in the server: nil when it may go on, the 401/403 response otherwise. `route`
    /// (`GET /pacticipants/:p`) names the route in messages. Tokens are read from the database on every request
    /// (nothing is cached), so a token revoked by `pactum broker token revoke` is refused at once by every broker on
    /// the database. A database that cannot be read throws (503, as for other requests).
    static func check(
        _ request: Request,
        route: String,
        permission: BrokerPermission,
        context: BrokerRequestContext
    ) async throws -> Response? {
        let configuration = context.services.configuration.authentication
        guard configuration.isEnabled else { return nil }
        let database = context.services.database
        let decision = try await decide(
            credentials: credentials(from: request.headers[.authorization]),
            permission: permission,
            route: route,
            isBadge: route.lowercased().contains("badge"),
            configuration: configuration,
            tokenRole: { token in
                try await database.transaction(readOnly: true) { db in
                    try await BrokerStore(db: db).role(ofToken: token)
                }
            }
        )
        switch decision {
        case .allowed:
            return nil
        case .unauthenticated(let message):
            context.logger.info("\(route): 401, \(message)")
            var response = BrokerError(status: 401, message: message).response
            if configuration.basicUser != nil || configuration.readOnlyUser != nil {
                response.headers.append(HTTPField(name: .wwwAuthenticate, value: "Basic realm=\"\(realm)\""))
            }
            response.headers.append(HTTPField(name: .wwwAuthenticate, value: "Bearer realm=\"\(realm)\""))
            return response
        case .forbidden(let message):
            context.logger.info("\(route): 403, \(message)")
            return BrokerError(status: 403, message: message).response
        }
    }
}
