import ArgumentParser
import Foundation
import PactumBrokerClient
import PactumCore

/// The connection options every broker client command takes, with the official `pact broker` flags and
/// environment variables.
struct BrokerClientOptions: ParsableArguments {
    @Option(
        name: [.customShort("b"), .customLong("broker-base-url")],
        help: "The base URL of the Pact Broker (env PACT_BROKER_BASE_URL)."
    )
    var brokerBaseURL: String?

    @Option(
        name: [.customShort("u"), .customLong("broker-username")],
        help: "Pact Broker basic auth username (env PACT_BROKER_USERNAME)."
    )
    var brokerUsername: String?

    @Option(
        name: [.customShort("p"), .customLong("broker-password")],
        help: "Pact Broker basic auth password (env PACT_BROKER_PASSWORD)."
    )
    var brokerPassword: String?

    @Option(
        name: [.customShort("k"), .customLong("broker-token")],
        help: "Pact Broker bearer token (env PACT_BROKER_TOKEN)."
    )
    var brokerToken: String?

    @Option(
        name: .customLong("custom-header"),
        help: "Custom header to send with requests, 'Header-Name: Value' (can be repeated)."
    )
    var customHeaders: [String] = []

    @Option(
        name: .long,
        help: """
            The number of times to retry failed requests (5xx, 408, 429, connection failures), with exponential \
            back-off from 500 ms (env PACT_BROKER_HTTP_RETRIES, default 8).
            """
    )
    var retries: Int?

    func validate() throws {
        if let retries, retries < 0 { throw ValidationError("--retries must be 0 or more, not \(retries).") }
        for header in customHeaders where !header.contains(":") {
            throw ValidationError("--custom-header '\(header)' is not 'Header-Name: Value'.")
        }
    }

    static func environment(_ name: String) -> String? { OptionEnvironment().value(name) }

    /// The client for these options; a usage error when no base URL is given.
    func client() throws -> BrokerClient {
        guard let baseURL = brokerBaseURL ?? Self.environment("PACT_BROKER_BASE_URL") else {
            throw ValidationError("Give the broker's URL: --broker-base-url URL (or PACT_BROKER_BASE_URL).")
        }
        let authentication = BrokerAuthentication(
            username: brokerUsername ?? Self.environment("PACT_BROKER_USERNAME"),
            password: brokerPassword ?? Self.environment("PACT_BROKER_PASSWORD"),
            token: brokerToken ?? Self.environment("PACT_BROKER_TOKEN")
        )
        let headers = customHeaders.compactMap { header -> (name: String, value: String)? in
            guard let colon = header.firstIndex(of: ":") else { return nil }
            return (
                String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            )
        }
        let retries = retries ?? Self.environment("PACT_BROKER_HTTP_RETRIES").flatMap(Int.init) ?? 8
        return BrokerClient(
            configuration: .init(baseURL: baseURL, authentication: authentication, retries: retries, headers: headers)
        )
    }
}

/// `--output`: what a command prints.
enum BrokerOutput: String, ExpressibleByArgument, CaseIterable {
    case text, json, table, pretty, id
}

/// Running a broker client command: broker failures printed as a clear message with exit code 1, connection
/// failures with 3.
enum BrokerCommand {
    /// Exit status when the broker cannot be reached.
    static let connectionFailure: Int32 = 3

    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as BrokerClientError {
            printError(error.description)
            throw ExitCode(error.code == .connection ? connectionFailure : 1)
        } catch let error as ContractPublicationError {
            printError(error.description)
            throw ExitCode(1)
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// The broker's document as pretty JSON.
    static func printJSON(_ value: JSONValue) {
        print(JSONWriter.pretty(value))
    }
}

/// A plain text table: a header row, a dash line, and the rows, columns separated by " | ".
struct TextTable {
    var headers: [String]
    var rows: [[String]]

    var text: String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: " | ")
        }
        let dashes = widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-")
        return ([line(headers), dashes] + rows.map(line)).joined(separator: "\n")
    }
}
