import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ExampleProvider [--host H] [--port N] [--quiet]`: the example provider, a small bookshelf HTTP service.
///
/// Prints `ExampleProvider listening on http://HOST:PORT` once it accepts connections (port 0 picks a free port),
/// logs one line per request unless `--quiet`, and runs until SIGTERM or SIGINT.
@main
enum ExampleProviderCommand {
    static let usage = """
        usage: ExampleProvider [--host HOST] [--port PORT] [--quiet] [--price-as-text]

        A small bookshelf HTTP service, the provider of Pactum's end-to-end example.
          --host HOST   the address to listen on (default 127.0.0.1)
          --port PORT   the port to listen on; 0 picks a free one (default 8080)
          --quiet       do not log requests
          --price-as-text
                        break the contract on purpose: send book prices as text, not numbers

        Routes: GET /books/{id}, GET /books?author=NAME, POST /books, DELETE /books/{id},
        and POST /_pact/provider-states for the Pact verifier's --state-change-url.
        """

    struct Options {
        var host = "127.0.0.1"
        var port = 8080
        var quiet = false
        var priceAsText = false
        var help = false
    }

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            switch argument {
            case "--host":
                guard let host = remaining.popFirst(), !host.isEmpty else {
                    throw UsageError(description: "--host needs an address, e.g. --host 127.0.0.1")
                }
                options.host = host
            case "--port":
                guard let text = remaining.popFirst(), let port = Int(text), (0...65_535).contains(port) else {
                    throw UsageError(description: "--port needs a port number 0-65535 (0 picks a free one)")
                }
                options.port = port
            case "--quiet":
                options.quiet = true
            case "--price-as-text":
                options.priceAsText = true
            case "--help", "-h":
                options.help = true
            default:
                throw UsageError(description: "unknown argument '\(argument)'")
            }
        }
        return options
    }

    static func main() async {
        let options: Options
        do {
            options = try parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            writeLine("ExampleProvider: \(error)\n\n\(usage)", to: .standardError)
            exit(64)
        }
        if options.help {
            writeLine(usage)
            return
        }
        let writeLog: @Sendable (String) -> Void = { writeLine($0) }
        let server: BookshelfServer
        do {
            server = try await BookshelfServer.start(
                host: options.host,
                port: options.port,
                api: BookshelfAPI(store: BookStore(), priceAsText: options.priceAsText),
                log: options.quiet ? nil : writeLog
            )
        } catch {
            writeLine(
                "ExampleProvider: could not listen on \(options.host):\(options.port): \(error)",
                to: .standardError
            )
            exit(1)
        }
        let signals = closeOnTermination(server)
        writeLine("ExampleProvider listening on http://\(options.host):\(server.port)")
        await server.waitUntilClosed()
        for source in signals { source.cancel() }
        writeLine("ExampleProvider stopped")
    }

    /// Closes the server on SIGTERM or SIGINT (the handlers run on a global queue, not the main actor).
    nonisolated static func closeOnTermination(_ server: BookshelfServer) -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { server.close() }
            source.resume()
            return source
        }
    }

    /// Writes the line unbuffered, so a parent process reading a pipe or file sees it at once.
    static func writeLine(_ text: String, to handle: FileHandle = .standardOutput) {
        handle.write(Data((text + "\n").utf8))
    }
}
