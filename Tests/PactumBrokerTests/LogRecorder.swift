import Foundation
import Logging

@testable import PactumBroker

/// Log events kept in memory, to check what the broker logs. Each logger gets its own value-type handler (so
/// per-request metadata stays per request); the events go to one shared, locked list.
final class LogRecorder: Sendable {
    struct Line: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let recorded = Locked<[Line]>([])

    /// Everything logged so far.
    var lines: [Line] { recorded.withLock { $0 } }

    /// A logger at trace level writing here.
    var logger: Logger {
        var logger = Logger(label: "pactum.broker.test.recording") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Everything logged so far, one line an event: level, message, then the metadata sorted by key.
    var text: String {
        recorded.withLock { lines in
            lines.map { line in
                let metadata = line.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                return "\(line.level) \(line.message) \(metadata)"
            }.joined(separator: "\n")
        }
    }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var all = metadata.mapValues { "\($0)" }
            for (key, value) in event.metadata ?? [:] { all[key] = "\(value)" }
            let line = Line(level: event.level, message: "\(event.message)", metadata: all)
            recorder.recorded.withLock { $0.append(line) }
        }
    }
}
