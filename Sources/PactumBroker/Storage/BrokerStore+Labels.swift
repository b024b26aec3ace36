import SQLKit

extension BrokerStore {
    /// Adds the label to the pacticipant; true when it is new.
    @discardableResult
    func addLabel(pacticipantID: Int, name: String) async throws -> Bool {
        try await db.raw(
            """
            INSERT INTO labels (pacticipant_id, name, created_at) VALUES (\(bind: pacticipantID), \(bind: name), \(bind: BrokerClock.now()))
            ON CONFLICT (pacticipant_id, name) DO NOTHING RETURNING id
            """
        ).first() != nil
    }

    /// When the pacticipant got the label, or nil when it does not have it.
    func labelCreatedAt(pacticipantID: Int, name: String) async throws -> String? {
        try await db.raw(
            "SELECT created_at FROM labels WHERE pacticipant_id = \(bind: pacticipantID) AND name = \(bind: name)"
        ).first()?.decode(column: "created_at", as: String.self)
    }

    func labelNames(pacticipantID: Int) async throws -> [String] {
        try await db.raw("SELECT name FROM labels WHERE pacticipant_id = \(bind: pacticipantID) ORDER BY name").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    func allLabelNames() async throws -> [String] {
        try await db.raw("SELECT DISTINCT name FROM labels ORDER BY name").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    func deleteLabel(pacticipantID: Int, name: String) async throws {
        try await db.raw("DELETE FROM labels WHERE pacticipant_id = \(bind: pacticipantID) AND name = \(bind: name)")
            .run()
    }

    /// The pacticipants having the label, by name.
    func pacticipants(withLabel name: String) async throws -> [PacticipantRecord] {
        let ids = try await db.raw(
            "SELECT l.pacticipant_id FROM labels l JOIN pacticipants p ON p.id = l.pacticipant_id WHERE l.name = \(bind: name) ORDER BY p.name"
        ).all().map { try $0.decode(column: "pacticipant_id", as: Int.self) }
        var records: [PacticipantRecord] = []
        for id in ids { if let record = try await pacticipant(id: id) { records.append(record) } }
        return records
    }
}
