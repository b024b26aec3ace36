import Foundation

/// An API token of the broker as it is listed: its short id, name and role, never the token itself.
///
/// A token reads `pactum_<id>_<secret>`: a 12-hex-digit id (not secret; it names the token in listings and
/// `pactum broker token revoke`) and 32 random bytes in hex. The database keeps only the SHA-256 of the whole text,
/// so a token is shown once, when it is created. Clients send it as `Authorization: Bearer <token>` (the official
/// CLI's `--broker-token`, `PACT_BROKER_TOKEN`).
public struct BrokerAuthToken: Sendable, Hashable, CustomStringConvertible {
    /// The short, non-secret id.
    public var id: String
    /// The unique name given at creation (`ci`, `deploy-bot`).
    public var name: String
    /// What the token may do.
    public var role: BrokerRole
    /// When it was created (ISO 8601 UTC).
    public var createdAt: String

    public var description: String { "token '\(name)' (id \(id), role \(role))" }

    /// A token just created: the only moment its secret exists outside the client.
    public struct Created: Sendable, CustomStringConvertible {
        /// The stored token.
        public var token: BrokerAuthToken
        /// The bearer token to hand to the client (`pactum_<id>_<secret>`).
        public var secret: String

        public var description: String { "\(token) (secret hidden)" }
    }

    static let textPrefix = "pactum_"
    static let idLength = 12

    /// The id inside a presented token, or nil when the text does not have a token's shape.
    static func id(inToken text: String) -> String? {
        guard text.hasPrefix(textPrefix) else { return nil }
        let rest = text.dropFirst(textPrefix.count)
        let id = rest.prefix(idLength)
        guard id.count == idLength, id.allSatisfy(\.isHexDigit),
            rest.dropFirst(idLength).first == "_"
        else { return nil }
        return String(id)
    }

    /// Names are 1–100 characters: letters, digits and `-_.@:`.
    static func validateName(_ name: String) throws(BrokerAuthTokenError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.@:"))
        guard (1...100).contains(name.count), name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw BrokerAuthTokenError(
                message: "Invalid token name '\(name)': use 1 to 100 letters, digits and - _ . @ : (e.g. ci-publisher)"
            )
        }
    }
}

/// A token operation that could not be done (taken name, unknown token, …).
public struct BrokerAuthTokenError: Error, CustomStringConvertible, Sendable {
    /// What went wrong and what to do.
    public var message: String
    public var description: String { message }
}

extension BrokerDatabase {
    /// Creates a token with a new random secret. The returned ``BrokerAuthToken/Created/secret`` is the only copy.
    public func createToken(name: String, role: BrokerRole) async throws -> BrokerAuthToken.Created {
        try BrokerAuthToken.validateName(name)
        // Ids are random too; a clash (one in 2^48) just draws again.
        for _ in 0..<5 {
            let id = String(BrokerAuthSecrets.hex(BrokerAuthSecrets.randomBytes(6)))
            let secret =
                BrokerAuthToken.textPrefix + id + "_" + BrokerAuthSecrets.hex(BrokerAuthSecrets.randomBytes(32))
            let row = BrokerTokenRow(
                tokenID: id,
                name: name,
                role: role.rawValue,
                tokenHash: BrokerAuthSecrets.tokenHash(secret),
                createdAt: BrokerClock.now()
            )
            let outcome: Bool? = try await transaction { db in
                let store = BrokerStore(db: db)
                if try await store.token(named: name) != nil { return nil }
                return try await store.insertToken(row)
            }
            switch outcome {
            case nil:
                throw BrokerAuthTokenError(
                    message: "A token named '\(name)' exists already: choose another name, or revoke it first "
                        + "(pactum broker token revoke \(name))"
                )
            case true?:
                let token = BrokerAuthToken(id: id, name: name, role: role, createdAt: row.createdAt)
                return BrokerAuthToken.Created(token: token, secret: secret)
            case false?:
                continue
            }
        }
        throw BrokerAuthTokenError(message: "Could not create token '\(name)': the name was taken meanwhile")
    }

    /// Every token, oldest first.
    public func tokens() async throws -> [BrokerAuthToken] {
        try await transaction { db in try await BrokerStore(db: db).tokens() }.map(Self.token(from:))
    }

    /// Deletes the token with this name or, failing that, this id; the token is refused from the next request on
    /// (every broker on the database reads tokens per request).
    @discardableResult
    public func revokeToken(_ nameOrID: String) async throws -> BrokerAuthToken {
        let row = try await transaction { db -> BrokerTokenRow? in
            let store = BrokerStore(db: db)
            var found = try await store.token(named: nameOrID)
            if found == nil { found = try await store.token(id: nameOrID.lowercased()) }
            guard let row = found else { return nil }
            try await store.deleteToken(id: row.tokenID)
            return row
        }
        guard let row else {
            throw BrokerAuthTokenError(
                message: "No token is named '\(nameOrID)' or has that id; `pactum broker token list` shows them"
            )
        }
        return try Self.token(from: row)
    }

    private static func token(from row: BrokerTokenRow) throws(BrokerAuthTokenError) -> BrokerAuthToken {
        guard let role = BrokerRole(rawValue: row.role) else {
            throw BrokerAuthTokenError(
                message: "Token '\(row.name)' has an unknown role '\(row.role)' in the database; revoke and recreate it"
            )
        }
        return BrokerAuthToken(id: row.tokenID, name: row.name, role: role, createdAt: row.createdAt)
    }
}

extension BrokerStore {
    /// The role of a presented bearer token, or nil when no stored token matches it. The stored hash is compared in
    /// constant time; a token of the wrong shape is refused without a query.
    func role(ofToken text: String) async throws -> BrokerRole? {
        guard let id = BrokerAuthToken.id(inToken: text), let row = try await token(id: id.lowercased()) else {
            return nil
        }
        let presented = Array(BrokerAuthSecrets.tokenHash(text).utf8)
        guard BrokerAuthSecrets.constantTimeEqual(presented, Array(row.tokenHash.utf8)) else { return nil }
        return BrokerRole(rawValue: row.role)
    }
}
