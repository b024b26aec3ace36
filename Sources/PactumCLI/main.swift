import ArgumentParser
import NIOCore
import NIOPosix

// `pactum broker serve` runs Swift Concurrency's tasks on SwiftNIO's event loops, where its sockets and database
// connections live, instead of handing every request and every query between the two thread pools: 34 % more
// requests per second on PostgreSQL in the load test (Benchmarks/README.md). It must happen before any task runs.
// Only the server: the other commands call code that may block a thread while it waits (a provider's process, the
// mock server), which must not hold up an event loop.
if Array(CommandLine.arguments.dropFirst().prefix(2)) == ["broker", "serve"] {
    _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}

/// `Pactum.main()` through a generic call: at the top level the overload of ParsableCommand (which does not run an
/// async command) would be chosen.
func run<Command: AsyncParsableCommand>(_: Command.Type) async { await Command.main() }
await run(Pactum.self)
