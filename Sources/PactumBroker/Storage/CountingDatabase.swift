import Logging
import NIOCore
import SQLKit

/// A connection that counts the statements sent through it: `BrokerDatabase/queriesRun`, shown on `/metrics` as
/// `pactum_broker_database_queries_run`, so that the round trips a request makes can be seen from outside (the
/// broker benchmark prints them per request). Round trips, not rows, are what a request costs on PostgreSQL.
struct CountingDatabase: SQLDatabase {
    let base: any SQLDatabase
    let counter: Locked<Int>

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(
        sql query: any SQLExpression,
        _ onRow: @escaping @Sendable (any SQLRow) -> Void
    ) -> EventLoopFuture<Void> {
        counter.withLock { $0 += 1 }
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        counter.withLock { $0 += 1 }
        try await base.execute(sql: query, onRow)
    }
}
