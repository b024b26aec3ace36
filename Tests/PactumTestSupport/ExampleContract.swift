import Foundation

/// The example consumer's contract with the example provider (`contracts/`), and a breaking version of it.
public enum ExampleContract {
    /// `contracts/ExampleConsumer-ExampleProvider.json`.
    public static var url: URL {
        SharedData.repositoryRoot.appendingPathComponent("contracts/ExampleConsumer-ExampleProvider.json")
    }

    /// Writes a copy of the contract in which the consumer also expects every book to have a `subtitle` — a field
    /// the example provider does not send, so verifying it fails — and returns the file.
    public static func writeBreakingVersion(in directory: URL) throws -> URL {
        let text = try String(contentsOf: url, encoding: .utf8)
        let published = #""published": "1969-03-01""#
        guard text.contains(published) else {
            throw LoopbackHTTPClient.Failure(description: "the example contract no longer has \(published)")
        }
        let breaking = text.replacingOccurrences(of: published, with: published + #", "subtitle": "A novel""#)
        let file = directory.appendingPathComponent("ExampleConsumer-ExampleProvider.json")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(breaking.utf8).write(to: file)
        return file
    }
}
