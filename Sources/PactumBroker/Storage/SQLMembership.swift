import SQLKit

/// `IN (…)` for a list of values, written for the engine: on PostgreSQL `= ANY($n)` with the whole list as one array
/// bind, so a statement's text does not change with the list's length and it runs as one prepared statement (parsed
/// once per connection, planned generically once PostgreSQL finds that cheaper) instead of a new statement, parsed and
/// planned, for every length; on SQLite `IN (?, ?, …)`. Written after the column: `WHERE pp.id \(isIn: ids)`.
struct SQLMembership: SQLExpression {
    enum Values {
        case integers([Int])
        case strings([String])
    }

    let values: Values

    func serialize(to serializer: inout SQLSerializer) {
        if serializer.dialect.name == "postgresql" {
            serializer.write("= ANY(")
            switch values {
            case .integers(let list): serializer.write(bind: list)
            case .strings(let list): serializer.write(bind: list)
            }
            serializer.write(")")
            return
        }
        serializer.write("IN (")
        switch values {
        case .integers(let list): Self.writeBinds(list, to: &serializer)
        case .strings(let list): Self.writeBinds(list, to: &serializer)
        }
        serializer.write(")")
    }

    private static func writeBinds(_ list: [some Encodable & Sendable], to serializer: inout SQLSerializer) {
        for (index, value) in list.enumerated() {
            if index > 0 { serializer.write(", ") }
            serializer.write(bind: value)
        }
    }
}

extension SQLQueryString {
    /// `IN (…)` for these ids (``SQLMembership``).
    mutating func appendInterpolation(isIn values: [Int]) {
        appendInterpolation(SQLMembership(values: .integers(values)))
    }

    /// `IN (…)` for these names (``SQLMembership``).
    mutating func appendInterpolation(isIn values: [String]) {
        appendInterpolation(SQLMembership(values: .strings(values)))
    }
}
