import SQLKit

/// `IN (…)` for a list of values, written for the engine: on PostgreSQL `= ANY($n)` with the whole list as one array
/// bind, so a statement's text does not change with the list's length and it runs as one prepared statement (parsed
/// once per connection, planned generically once PostgreSQL finds that cheaper) instead of a new statement, parsed and
/// planned, for every length; on SQLite `IN (?, ?, …)`. Written after the column: `WHERE pp.id \(isIn: ids)`.
struct SQLMembership<Value: Encodable & Sendable>: SQLExpression {
    let values: [Value]

    func serialize(to serializer: inout SQLSerializer) {
        if serializer.dialect.name == "postgresql" {
            serializer.write("= ANY(")
            serializer.write(bind: values)
            serializer.write(")")
            return
        }
        serializer.write("IN (")
        for (index, value) in values.enumerated() {
            if index > 0 { serializer.write(", ") }
            serializer.write(bind: value)
        }
        serializer.write(")")
    }
}

extension SQLQueryString {
    /// `IN (…)` for these ids (``SQLMembership``).
    mutating func appendInterpolation(isIn values: [Int]) { appendInterpolation(SQLMembership(values: values)) }

    /// `IN (…)` for these names (``SQLMembership``).
    mutating func appendInterpolation(isIn values: [String]) { appendInterpolation(SQLMembership(values: values)) }
}
