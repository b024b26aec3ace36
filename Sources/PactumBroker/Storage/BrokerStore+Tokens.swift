import SQLKit

/// A stored API token: everything but the token itself (only its SHA-256 is kept).
struct BrokerTokenRow: Sendable {
    var tokenID: String
    var name: String
    var role: String
    var tokenHash: String
    var createdAt: String
}

extension BrokerStore {
    private static let tokenColumns = "token_id, name, role, token_hash, created_at"

    private func tokenRow(from row: any SQLRow) throws -> BrokerTokenRow {
        BrokerTokenRow(
            tokenID: try row.decode(column: "token_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            role: try row.decode(column: "role", as: String.self),
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            createdAt: try row.decode(column: "created_at", as: String.self)
        )
    }

    /// Inserts a token; false when the name or the id is taken.
    func insertToken(_ row: BrokerTokenRow) async throws -> Bool {
        try await db.raw(
            """
            INSERT INTO auth_tokens (token_id, name, role, token_hash, created_at)
            VALUES (\(bind: row.tokenID), \(bind: row.name), \(bind: row.role), \(bind: row.tokenHash), \(bind: row.createdAt))
            ON CONFLICT DO NOTHING RETURNING id
            """
        ).first() != nil
    }

    func token(named name: String) async throws -> BrokerTokenRow? {
        try await db.raw("SELECT \(unsafeRaw: Self.tokenColumns) FROM auth_tokens WHERE name = \(bind: name)")
            .first().map(tokenRow(from:))
    }

    func token(id: String) async throws -> BrokerTokenRow? {
        try await db.raw("SELECT \(unsafeRaw: Self.tokenColumns) FROM auth_tokens WHERE token_id = \(bind: id)")
            .first().map(tokenRow(from:))
    }

    /// Every token, oldest first.
    func tokens() async throws -> [BrokerTokenRow] {
        try await db.raw("SELECT \(unsafeRaw: Self.tokenColumns) FROM auth_tokens ORDER BY created_at, id").all()
            .map(tokenRow(from:))
    }

    func deleteToken(id: String) async throws {
        try await db.raw("DELETE FROM auth_tokens WHERE token_id = \(bind: id)").run()
    }
}
