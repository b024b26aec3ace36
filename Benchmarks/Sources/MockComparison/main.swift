import Foundation
import MockBenchmarkSupport
import PactumCore
import PactumMock
import PactumTesting
import Testing  // withPact's default source location (#_sourceLocation)

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// Pactum's side of the mock and stub server comparison (run-mock-comparison.sh; see README.md):
//
//     MockComparison WORKDIR [--json OUT] [--consumer-tests N] [--mock-sizes 100,300,1000,10000]
//                    [--stub-sizes 100,1000,10000] [--stub-kinds items,commerce] [--pactum-cli PATH]
//
// 1. consumer test: a mock server with one interaction, one request, verification (bare MockServer), and the
//    same as a full `withPact` consumer test that also merges the contract file;
// 2. one mock server with N interactions answering N requests (define, start, requests, verify, stop, write);
// 3. a stub server loaded with the generated pact files (written into WORKDIR for `pact stub` to read too):
//    time from start to the first answer and per-request latency, in process and as the `pactum stub` command.
//
// All requests go over one keep-alive connection from a small blocking client (KeepAliveHTTPClient).

struct Options {
    var workDirectory = URL(fileURLWithPath: NSTemporaryDirectory() + "pactum-mock-comparison", isDirectory: true)
    var jsonOutput: URL?
    var consumerTests = 200
    var mockSizes = [100, 300, 1000, 10_000]
    var stubSizes = [100, 1000, 10_000]
    var stubKinds: [StubFixture.Kind] = [.items, .commerce]
    var pactumCLI: String?

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments
        func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("MockComparison: \(message)\n".utf8))
            exit(2)
        }
        func sizes(_ text: String?, _ flag: String) -> [Int] {
            let values = (text ?? "").split(separator: ",").compactMap { Int($0) }
            guard !values.isEmpty, values.allSatisfy({ $0 > 0 }) else {
                fail("\(flag) needs a comma-separated list of positive numbers, e.g. 100,1000")
            }
            return values
        }
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--json":
                guard let path = rest.first else { fail("--json needs a file") }
                options.jsonOutput = URL(fileURLWithPath: path)
                rest.removeFirst()
            case "--consumer-tests":
                guard let value = rest.first.flatMap({ Int($0) }), value > 0 else {
                    fail("--consumer-tests needs a positive number")
                }
                options.consumerTests = value
                rest.removeFirst()
            case "--mock-sizes":
                options.mockSizes = sizes(rest.first, argument)
                rest.removeFirst()
            case "--stub-sizes":
                options.stubSizes = sizes(rest.first, argument)
                rest.removeFirst()
            case "--stub-kinds":
                let kinds = (rest.first ?? "").split(separator: ",").compactMap {
                    StubFixture.Kind(rawValue: String($0))
                }
                guard !kinds.isEmpty else { fail("--stub-kinds needs items, commerce or both (comma-separated)") }
                options.stubKinds = kinds
                rest.removeFirst()
            case "--pactum-cli":
                guard let path = rest.first else { fail("--pactum-cli needs the path of the pactum executable") }
                options.pactumCLI = path
                rest.removeFirst()
            default:
                if argument.hasPrefix("-") { fail("unknown option '\(argument)'") }
                options.workDirectory = URL(fileURLWithPath: argument, isDirectory: true)
            }
        }
        return options
    }
}

// MARK: - Timing

/// Writes a line to standard output at once (unbuffered), so progress shows while a long run goes on; a closed
/// pipe (`| head`) is ignored.
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Order statistics of a list of durations in nanoseconds.
func summary(_ samples: [UInt64]) -> JSONValue {
    let sorted = samples.sorted()
    guard !sorted.isEmpty else { return .object(["count": .integer(0)]) }
    let total = sorted.reduce(0, +)
    return .object([
        "count": .integer(sorted.count),
        "medianNanoseconds": .integer(Int(sorted[sorted.count / 2])),
        "minNanoseconds": .integer(Int(sorted[0])),
        "p90Nanoseconds": .integer(Int(sorted[Swift.min(sorted.count - 1, sorted.count * 9 / 10)])),
        "maxNanoseconds": .integer(Int(sorted[sorted.count - 1])),
        "meanNanoseconds": .integer(Int(total / UInt64(sorted.count))),
    ])
}

func median(_ samples: [UInt64]) -> UInt64 { samples.sorted()[samples.count / 2] }

func milliseconds(_ nanoseconds: UInt64) -> String { String(format: "%.3f ms", Double(nanoseconds) / 1e6) }
func microseconds(_ nanoseconds: UInt64) -> String { String(format: "%.1f µs", Double(nanoseconds) / 1e3) }

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
}

func expectStatus(_ response: WireResponse, _ status: Int, _ what: String) throws {
    guard response.status == status else {
        throw BenchmarkFailure(description: "\(what): expected status \(status), got \(response.status)")
    }
}

// MARK: - 1. Consumer test with one interaction

/// A bare mock server cycle: start with one interaction, connect, one request, results, stop. Returns the
/// duration of each step: start, request (connect, send, answer), results, stop.
@discardableResult
func bareConsumerTest() async throws -> [UInt64] {
    let interaction = ItemContract.interaction(1)
    let request = ItemContract.request(1)
    let begin = now()
    let server = try await MockServer.start(interactions: [interaction.interaction])
    let started = now()
    var client: KeepAliveHTTPClient? = try KeepAliveHTTPClient(port: server.port)
    let response = try client!.send(request)
    client = nil
    let answered = now()
    let results = server.results
    let checked = now()
    await server.shutdown()
    let stopped = now()
    try expectStatus(response, 200, "consumer test")
    guard results.allMatched else { throw BenchmarkFailure(description: "consumer test: \(results.problems)") }
    return [started - begin, answered - started, checked - answered, stopped - checked]
}

/// The full consumer test: `withPact` (mock server, verification, contract file merge).
func fullConsumerTest(directory: URL) async throws {
    let configuration = ContractConfiguration(
        consumer: ItemContract.consumer,
        provider: ItemContract.provider,
        directory: directory
    )
    let request = ItemContract.request(1)
    let status = try await withPact(configuration, interactions: [ItemContract.interaction(1)]) { server in
        let client = try KeepAliveHTTPClient(port: server.port)
        return try client.send(request).status
    }
    guard status == 200 else { throw BenchmarkFailure(description: "consumer test: status \(status)") }
}

/// The full consumer test as an application would write it: `withPact`, the request sent with URLSession.
func idiomaticConsumerTest(directory: URL, session: URLSession) async throws {
    let configuration = ContractConfiguration(
        consumer: ItemContract.consumer,
        provider: ItemContract.provider,
        directory: directory
    )
    let status = try await withPact(configuration, interactions: [ItemContract.interaction(1)]) { server in
        var request = URLRequest(url: URL(string: server.baseURL + "/items/1?fields=summary")!)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (_, response) = try await session.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
    guard status == 200 else { throw BenchmarkFailure(description: "consumer test (URLSession): status \(status)") }
}

func measureConsumerTests(_ options: Options) async throws -> JSONValue {
    let directory = options.workDirectory.appendingPathComponent("pactum-consumer-test")
    try? FileManager.default.removeItem(at: directory)
    let contract = ContractFile.url(
        consumer: ItemContract.consumer,
        provider: ItemContract.provider,
        directory: directory
    )
    let session = URLSession(configuration: .ephemeral)
    for _ in 0..<10 {
        try await bareConsumerTest()
        try await fullConsumerTest(directory: directory)
        try await idiomaticConsumerTest(directory: directory, session: session)
    }
    guard FileManager.default.fileExists(atPath: contract.path) else {
        throw BenchmarkFailure(description: "withPact wrote no contract at \(contract.path)")
    }
    var bare: [UInt64] = []
    var full: [UInt64] = []
    var idiomatic: [UInt64] = []
    var steps: [[UInt64]] = [[], [], [], [], []]
    let contractInteraction = [ItemContract.interaction(1).interaction]
    for _ in 0..<options.consumerTests {
        let start = now()
        let bareSteps = try await bareConsumerTest()
        let middle = now()
        for (position, duration) in bareSteps.enumerated() { steps[position].append(duration) }
        try ContractFile.merge(
            contractInteraction,
            consumer: ItemContract.consumer,
            provider: ItemContract.provider,
            directory: directory
        )
        steps[4].append(now() - middle)
        let fullStart = now()
        try await fullConsumerTest(directory: directory)
        let end = now()
        try await idiomaticConsumerTest(directory: directory, session: session)
        idiomatic.append(now() - end)
        full.append(end - fullStart)
        bare.append(middle - start)
    }
    say(
        "consumer test, 1 interaction (\(options.consumerTests) tests): bare mock server cycle median "
            + "\(milliseconds(median(bare))), full withPact test median \(milliseconds(median(full))), "
            + "with URLSession \(milliseconds(median(idiomatic)))"
    )
    let names = ["start", "request", "results", "stop", "contractMerge"]
    say(
        "  steps (medians): "
            + zip(names, steps).map { "\($0) \(microseconds(median($1)))" }.joined(separator: ", ")
    )
    var result: [String: JSONValue] = ["bare": summary(bare), "full": summary(full), "idiomatic": summary(idiomatic)]
    for (name, samples) in zip(names, steps) { result[name] = summary(samples) }
    return .object(result)
}

// MARK: - 2. One mock server, N interactions, N requests

func measureMockServer(size: Int, rounds: Int, directory: URL) async throws -> JSONValue {
    let requests = (0..<size).map { ItemContract.request($0).bytes(port: 0) }
    var phases: [String: [UInt64]] = [:]
    var totals: [UInt64] = []
    for round in 0..<rounds {
        let output = directory.appendingPathComponent("pactum-mock-\(size)-\(round)")
        try? FileManager.default.removeItem(at: output)
        let start = now()
        let interactions = ItemContract.interactions(size).map(\.interaction)
        let defined = now()
        let server = try await MockServer.start(interactions: interactions)
        let started = now()
        // The Host header carries port 0: neither server looks at it.
        let client = try KeepAliveHTTPClient(port: server.port)
        for (index, request) in requests.enumerated() {
            let response = try client.send(request)
            guard response.status == 200 else {
                throw BenchmarkFailure(
                    description: "mock server, \(size) interactions: request \(index) got \(response.status)"
                )
            }
        }
        let requested = now()
        let results = server.results
        await server.shutdown()
        guard results.allMatched, results.matched.count == size else {
            throw BenchmarkFailure(description: "mock server, \(size) interactions: \(results.problems.prefix(3))")
        }
        let verified = now()
        try ContractFile.merge(
            interactions,
            consumer: ItemContract.consumer,
            provider: ItemContract.provider,
            directory: output
        )
        let written = now()
        phases["define", default: []].append(defined - start)
        phases["start", default: []].append(started - defined)
        phases["requests", default: []].append(requested - started)
        phases["verifyAndStop", default: []].append(verified - requested)
        phases["write", default: []].append(written - verified)
        totals.append(written - start)
        try? FileManager.default.removeItem(at: output)
    }
    let requestMedian = median(phases["requests"]!)
    say(
        "mock server, \(size) interactions and \(size) requests (\(rounds) rounds): total median "
            + "\(milliseconds(median(totals))); requests \(milliseconds(requestMedian)) "
            + "(\(microseconds(requestMedian / UInt64(size))) each), start \(milliseconds(median(phases["start"]!))), "
            + "define \(milliseconds(median(phases["define"]!))), write \(milliseconds(median(phases["write"]!)))"
    )
    var result: [String: JSONValue] = [
        "interactions": .integer(size),
        "rounds": .integer(rounds),
        "total": summary(totals),
        "perRequestMedianNanoseconds": .integer(Int(requestMedian / UInt64(size))),
    ]
    for (name, samples) in phases { result[name] = summary(samples) }
    return .object(result)
}

// MARK: - 3. Stub server

/// Sends the fixture's requests over one connection, cycling until `minimum` requests or `budget` seconds,
/// whichever comes last but never past `maximum`; returns each request's duration and the first pass's statuses.
func measureLatency(
    client: KeepAliveHTTPClient,
    requests: [[UInt8]],
    minimum: Int = 400,
    maximum: Int = 2000,
    budget: Double = 2
) throws -> (durations: [UInt64], statuses: [Int]) {
    var durations: [UInt64] = []
    var statuses: [Int] = []
    let deadline = now() + UInt64(budget * 1e9)
    var index = 0
    while durations.count < maximum, durations.count < minimum || now() < deadline {
        let request = requests[index % requests.count]
        let start = now()
        let response = try client.send(request)
        durations.append(now() - start)
        if index < requests.count { statuses.append(response.status) }
        index += 1
    }
    return (durations, statuses)
}

func statusCounts(_ statuses: [Int]) -> JSONValue {
    var counts: [String: Int] = [:]
    for status in statuses { counts[String(status), default: 0] += 1 }
    return .object(counts.mapValues { .integer($0) })
}

func measureStubInProcess(_ fixture: StubFixture, startRounds: Int) async throws -> JSONValue {
    let requests = fixture.requests.map { $0.bytes(port: 0) }
    var starts: [UInt64] = []
    var latency: (durations: [UInt64], statuses: [Int]) = ([], [])
    for round in 0..<startRounds {
        let start = now()
        let pacts = try StubServer.loadPacts(files: [fixture.pactURL])
        let server = try await StubServer.start(pacts: pacts)
        let client = try KeepAliveHTTPClient(port: server.port)
        _ = try client.send(requests[0])
        starts.append(now() - start)
        if round == startRounds - 1 {
            latency = try measureLatency(client: client, requests: requests)
        }
        await server.shutdown()
    }
    say(
        "stub \(fixture.kind.rawValue) \(fixture.count), in process: start to first answer median "
            + "\(milliseconds(median(starts))), request median \(microseconds(median(latency.durations))) "
            + "(\(latency.durations.count) requests), statuses \(statusCounts(latency.statuses).jsonText)"
    )
    return .object([
        "startToFirstAnswer": summary(starts),
        "latency": summary(latency.durations),
        "statuses": .array(latency.statuses.map { .integer($0) }),
    ])
}

/// Starts `pactum stub` on a free port and waits for its first answer, polling the port every 0.5 ms.
func startCLI(
    _ executable: String,
    fixture: StubFixture,
    firstRequest: [UInt8]
) throws -> (Process, KeepAliveHTTPClient) {
    let port = try KeepAliveHTTPClient.freePort()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["stub", "-f", fixture.pactURL.path, "-p", String(port), "-l", "none"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = now() + 120_000_000_000
    while now() < deadline {
        guard process.isRunning else {
            throw BenchmarkFailure(description: "\(executable) stub exited with \(process.terminationStatus)")
        }
        if let client = try KeepAliveHTTPClient.connectIfListening(port: port) {
            _ = try client.send(firstRequest)
            return (process, client)
        }
        usleep(500)
    }
    process.terminate()
    throw BenchmarkFailure(description: "\(executable) stub did not listen on port \(port) within 120 s")
}

func measureStubCLI(_ executable: String, _ fixture: StubFixture, startRounds: Int) throws -> JSONValue {
    let requests = fixture.requests.map { $0.bytes(port: 0) }
    var starts: [UInt64] = []
    var latency: (durations: [UInt64], statuses: [Int]) = ([], [])
    for round in 0..<startRounds {
        let start = now()
        let (process, client) = try startCLI(executable, fixture: fixture, firstRequest: requests[0])
        starts.append(now() - start)
        if round == startRounds - 1 {
            latency = try measureLatency(client: client, requests: requests)
        }
        process.terminate()
        process.waitUntilExit()
    }
    say(
        "stub \(fixture.kind.rawValue) \(fixture.count), pactum stub command: start to first answer median "
            + "\(milliseconds(median(starts))), request median \(microseconds(median(latency.durations))) "
            + "(\(latency.durations.count) requests)"
    )
    return .object([
        "startToFirstAnswer": summary(starts),
        "latency": summary(latency.durations),
        "statuses": .array(latency.statuses.map { .integer($0) }),
    ])
}

// MARK: - Main

func run(_ options: Options) async throws -> JSONValue {
    try FileManager.default.createDirectory(at: options.workDirectory, withIntermediateDirectories: true)
    var result: [String: JSONValue] = [:]
    result["consumerTest"] = try await measureConsumerTests(options)

    _ = try await measureMockServer(size: 100, rounds: 1, directory: options.workDirectory)  // warm-up
    var mock: [JSONValue] = []
    for size in options.mockSizes {
        let rounds = size <= 1000 ? 7 : 3
        mock.append(try await measureMockServer(size: size, rounds: rounds, directory: options.workDirectory))
    }
    result["mock"] = .array(mock)

    var stub: [JSONValue] = []
    for kind in options.stubKinds {
        for size in options.stubSizes {
            let written = now()
            let fixture = try StubFixture.write(kind: kind, count: size, to: options.workDirectory)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: fixture.pactURL.path)[.size] as? Int) ?? 0
            say(
                "wrote \(fixture.pactURL.lastPathComponent) (\(bytes) bytes, \(size) interactions, "
                    + "\(fixture.requests.count) sample requests) in \(milliseconds(now() - written))"
            )
            let startRounds = size <= 1000 ? 5 : 3
            var entry: [String: JSONValue] = [
                "kind": .string(kind.rawValue),
                "interactions": .integer(size),
                "fileBytes": .integer(bytes),
                "pactFile": .string(fixture.pactURL.lastPathComponent),
                "inProcess": try await measureStubInProcess(fixture, startRounds: startRounds),
            ]
            if let cli = options.pactumCLI {
                entry["cli"] = try measureStubCLI(cli, fixture, startRounds: startRounds)
            }
            stub.append(.object(entry))
        }
    }
    result["stub"] = .array(stub)
    return .object(result)
}

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
do {
    let result = try await run(options)
    if let output = options.jsonOutput {
        try Data(JSONWriter.pretty(result).utf8).write(to: output)
    }
} catch {
    FileHandle.standardError.write(Data("MockComparison: \(error)\n".utf8))
    exit(1)
}
