import Foundation
import PactumCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes consumer tests' interactions into `Consumer-Provider.json`, merging with what is there.
///
/// Tests run in parallel, and several test processes may write the same file: each merge holds an
/// exclusive lock on the contracts folder itself (flock on the folder, so nothing but contracts is ever left in
/// it: the official tools read every file there), reads the file, replaces interactions with the same key or
/// the same type, description and provider states, and writes the result atomically.
public enum ContractFile {
    /// Where contracts go: the folder of the enclosing ``scopedDirectory`` scope, else `PACTUM_CONTRACTS_DIR`, else
    /// `contracts/` in the current directory.
    public static var defaultDirectory: URL {
        if let scopedDirectory { return scopedDirectory }
        if let directory = ProcessInfo.processInfo.environment["PACTUM_CONTRACTS_DIR"], !directory.isEmpty {
            return URL(fileURLWithPath: directory)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("contracts")
    }

    /// A folder for the contracts written in a scope (a suite trait, a task), instead of `contracts/`: used by suites
    /// that check what tests write without touching the committed folder.
    ///
    /// ```swift
    /// try await ContractFile.$scopedDirectory.withValue(scratch) { try await runContractTests() }
    /// ```
    @TaskLocal public static var scopedDirectory: URL?

    /// The file for a consumer/provider pair in `directory`.
    public static func url(consumer: String, provider: String, directory: URL = defaultDirectory) -> URL {
        directory.appendingPathComponent("\(sanitized(consumer))-\(sanitized(provider)).json")
    }

    /// Merges `interactions` into the pair's contract file and returns the file's URL.
    @discardableResult
    public static func merge(
        _ interactions: [Interaction],
        consumer: String,
        provider: String,
        specification: PactSpecification = .v4,
        directory: URL = defaultDirectory
    ) throws(PactError) -> URL {
        try mergeReturningText(
            interactions,
            consumer: consumer,
            provider: provider,
            specification: specification,
            directory: directory
        ).url
    }

    /// Merges and returns the file's URL and its text. A file whose content would not change is not rewritten.
    static func mergeReturningText(
        _ interactions: [Interaction],
        consumer: String,
        provider: String,
        specification: PactSpecification,
        directory: URL
    ) throws(PactError) -> (url: URL, text: String) {
        let file = url(consumer: consumer, provider: provider, directory: directory)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw PactError.io(
                "could not create the contracts folder: \(error.localizedDescription)",
                file: directory.path
            )
        }
        let lock = try FileLock(directory: directory.path)
        defer { lock.unlock() }
        // Earlier Pactum versions locked `<file>.lock` beside the contract; the official tools fail on it (`Failed to parse
        // Pact JSON`), so one left behind is removed.
        try? FileManager.default.removeItem(atPath: file.path + ".lock")

        var pact = Pact(consumer: consumer, provider: provider, specification: specification)
        let existingData = FileManager.default.contents(atPath: file.path)
        if let existingData {
            let existing: Pact
            do {
                existing = try Pact(data: existingData)
            } catch {
                throw error.with(file: file.path)
            }
            guard existing.consumer.name == consumer, existing.provider.name == provider else {
                throw PactError.io(
                    "the file belongs to \(existing.consumer.name) and \(existing.provider.name), not \(consumer) and \(provider); move it away",
                    file: file.path
                )
            }
            pact = existing
            pact.specification = specification
        }
        pact.interactions = mergeInteractions(existing: pact.interactions, new: interactions)
        pact.metadata["pactum"] = ["version": .string(Pactum.version)]
        let text = try pact.jsonText(specification: specification)
        if let existingData, existingData.elementsEqual(text.utf8) { return (file, text) }
        do {
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            throw PactError.io("could not write the contract: \(error.localizedDescription)", file: file.path)
        }
        return (file, text)
    }

    /// New interactions replace existing ones with the same key, or the same type, description and
    /// provider states; the others are kept.
    static func mergeInteractions(existing: [Interaction], new: [Interaction]) -> [Interaction] {
        // Indexes by key and by identity keep a merge linear in the number of interactions.
        var result = existing
        var byKey: [String: Int] = [:]
        var byIdentity: [String: Int] = [:]
        for (index, interaction) in result.enumerated() {
            if let key = interaction.key { byKey[key] = index }
            byIdentity[identity(interaction)] = index
        }
        for interaction in new {
            var position: Int?
            if let key = interaction.key, let index = byKey[key] {
                position = index
            } else if let index = byIdentity[identity(interaction)], interaction.key == nil || result[index].key == nil
            {
                position = index
            }
            if let position {
                result[position] = interaction
            } else {
                position = result.count
                result.append(interaction)
            }
            if let key = interaction.key { byKey[key] = position }
            byIdentity[identity(interaction)] = position
        }
        return result
    }

    /// Interactions are the same when they have the same key, or else the same type, description and
    /// provider state names.
    static func identity(_ interaction: Interaction) -> String {
        ([interaction.typeName, interaction.description] + interaction.providerStates.map(\.name))
            .joined(separator: "\u{1F}")
    }

    private static func sanitized(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || "-_. ".contains($0) ? $0 : "_" })
    }
}

/// An exclusive advisory lock on a folder, across threads and processes: flock on the folder's own descriptor, so
/// no lock file is created.
struct FileLock {
    let descriptor: Int32

    init(directory path: String) throws(PactError) {
        descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else {
            throw PactError.io("could not open the contracts folder to lock it (errno \(errno))", file: path)
        }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            close(descriptor)
            throw PactError.io("could not lock the contracts folder (errno \(errno))", file: path)
        }
    }

    func unlock() {
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
