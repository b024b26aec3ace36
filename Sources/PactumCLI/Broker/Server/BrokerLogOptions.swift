import ArgumentParser
import Foundation
import Logging
import Synchronization

/// `--log-level` and `--log-format` of `pactum broker serve`.
struct BrokerLogOptions: ParsableArguments {
    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info (each request), notice, warning, error, critical."
    )
    var level: LevelOption = .info

    @Option(name: .customLong("log-format"), help: "text (one readable line per event) or json (one object per line).")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    struct LevelOption: ExpressibleByArgument {
        var level: Logger.Level

        init(_ level: Logger.Level) { self.level = level }

        init?(argument: String) {
            guard let level = Logger.Level(rawValue: argument.lowercased()) else { return nil }
            self.level = level
        }

        static let info = LevelOption(.info)
        static var allValueStrings: [String] { Logger.Level.allCases.map(\.rawValue) }
        var defaultValueDescription: String { level.rawValue }
    }

    /// A logger writing to standard error in the chosen format, at the chosen level.
    func logger(label: String) -> Logger {
        var logger: Logger
        switch format {
        case .text: logger = Logger(label: label)
        case .json: logger = Logger(label: label) { label in JSONLogHandler(label: label) }
        }
        logger.logLevel = level.level
        return logger
    }
}

/// One JSON object per line on standard error: `timestamp`, `level`, `label`, `message`, then the metadata
/// (`request-id`, `route`, `duration-ms`, …) as string members — what log collectors index without a parser.
struct JSONLogHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    /// Lines from concurrent requests are written whole, one at a time.
    private static let output = Mutex(FileHandle.standardError)

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var members: [(String, String)] = [
            ("timestamp", Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())),
            ("level", event.level.rawValue),
            ("label", label),
            ("message", "\(event.message)"),
        ]
        let extra = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in extra.keys.sorted() where !["timestamp", "level", "label", "message"].contains(key) {
            members.append((key, "\(extra[key] ?? "")"))
        }
        let line = "{" + members.map { "\(Self.quoted($0.0)):\(Self.quoted($0.1))" }.joined(separator: ",") + "}\n"
        Self.output.withLock { $0.write(Data(line.utf8)) }
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                result += String(format: "\\u%04x", control.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
