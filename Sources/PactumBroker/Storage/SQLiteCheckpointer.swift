import Logging
import NIOCore
import NIOPosix

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
        let handle = try SQLiteHandle.open(.file(path: path), readOnly: false)
        let task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                do {
                    // On NIO's blocking pool: a checkpoint copies pages and syncs the file.
                    try await NIOThreadPool.singleton.runIfActive {
                        try handle.run("PRAGMA wal_checkpoint(PASSIVE)", binds: []) { _ in }
                    }
                } catch {
                    // A cancellation while it runs is the broker stopping, not a failure.
                    if !Task.isCancelled {
                        logger.warning(
                            "The SQLite write-ahead log could not be checkpointed: \(String(describing: error))"
                        )
                    }
                }
            }
            handle.close()
        }
        return SQLiteCheckpointer(task: task)
    }

    /// Stops the checkpoints and closes the connection (the last connection to close checkpoints what is left).
    func stop() async {
        task.cancel()
        await task.value
    }
}
