import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// Moves an SQLite database's write-ahead log back into the database file, off the request path.
///
/// In WAL mode a commit only appends to the log; SQLite would otherwise copy the log into the database (and sync it)
/// inside the commit that fills it, and that request would wait for it (publish's p99 went from 6 to 12 ms at the
/// benchmark's full scale). The broker's connection has its automatic checkpoints off, and this second connection
/// runs a passive checkpoint (it never blocks the writer nor readers) every `interval`, until stopped.
final class SQLiteCheckpointer: Sendable {
    private let task: Task<Void, Never>

    private init(task: Task<Void, Never>) { self.task = task }

    static func start(path: String, interval: Duration, logger: Logger) async throws -> SQLiteCheckpointer {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                do {
                    try await connection.query("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
                } catch {
                    logger.warning("The SQLite write-ahead log could not be checkpointed: \(String(describing: error))")
                }
            }
            // Closed outside this (cancelled) task: SQLiteNIO's thread pool refuses work from a cancelled task.
            await Task.detached {
                do {
                    try await connection.close()
                } catch {
                    logger.warning("The SQLite checkpoint connection did not close: \(String(describing: error))")
                }
            }.value
        }
        return SQLiteCheckpointer(task: task)
    }

    /// Stops the checkpoints and closes the connection (the last connection to close checkpoints what is left).
    func stop() async {
        task.cancel()
        await task.value
    }
}
