import Foundation
import HTTPTypes
import Logging

/// What every request of one broker process shares: the database, the configuration, the logger and the metrics.
struct BrokerServerContext: Sendable {
    var database: BrokerDatabase
    var configuration: BrokerServer.Configuration
    var logger: Logger
    var metrics: BrokerMetrics
}

/// Request ids: the client's `X-Request-Id` when it is short and printable, a new random one otherwise. The id is in
/// every log line of the request (`request-id` metadata) and in the response's `X-Request-Id` header.
enum BrokerRequestID {
    // A valid field name literal: the initialiser only fails on characters HTTP forbids in names.
    static let field = HTTPField.Name("X-Request-Id")!

    static func from(_ header: String?) -> String {
        if let header, (1...128).contains(header.utf8.count),
            header.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "\"") })
        {
            return header
        }
        return UUID().uuidString.lowercased()
    }
}
