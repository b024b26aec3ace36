import Foundation
import PactumTestSupport
import Testing

/// Every Swift code block of the README and of the DocC catalogs is a compiled sample (`Documentation/` folders of
/// the test targets), line for line: a sample that no longer compiles breaks the build, and a block edited in the
/// docs alone fails here, naming the file and the line where it starts.
@Suite("Documentation: every Swift block is a compiled, tested sample")
struct DocumentationSampleTests {
    struct Block: CustomStringConvertible {
        var file: String
        var line: Int
        var lines: [String]

        var description: String { "\(file):\(line)" }
    }

    static let root = SharedData.repositoryRoot

    /// The README and every Markdown file of every `.docc` catalog under `Sources/`.
    static func documents() throws -> [URL] {
        var documents = [root.appendingPathComponent("README.md")]
        let sources = root.appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "md", url.path.contains(".docc/") { documents.append(url) }
        }
        return documents.sorted { $0.path < $1.path }
    }

    /// The Swift files of every `Documentation/` folder under `Tests/`.
    static func samples() throws -> [URL] {
        var samples: [URL] = []
        let tests = root.appendingPathComponent("Tests")
        let enumerator = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "swift", url.deletingLastPathComponent().lastPathComponent == "Documentation" {
                samples.append(url)
            }
        }
        return samples
    }

    /// Lines compared without their indentation, and without blank lines. In a sample, a `// doc: TEXT` comment
    /// line stands for the line TEXT in the docs (an attribute a compile-only sample cannot carry).
    static func normalized(_ lines: some Sequence<Substring>) -> [String] {
        lines.map { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("// doc: ") ? String(trimmed.dropFirst("// doc: ".count)) : trimmed
        }.filter { !$0.isEmpty }
    }

    static func swiftBlocks(in document: URL) throws -> [Block] {
        let text = try String(contentsOf: document, encoding: .utf8)
        var blocks: [Block] = []
        var current: (line: Int, lines: [Substring])?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var open = current {
                if trimmed == "```" {
                    blocks.append(
                        Block(
                            file: String(document.path.dropFirst(root.path.count + 1)),
                            line: open.line,
                            lines: normalized(open.lines)
                        )
                    )
                    current = nil
                } else {
                    open.lines.append(line)
                    current = open
                }
            } else if trimmed == "```swift" {
                current = (index + 1, [])
            }
        }
        return blocks
    }

    @Test("every Swift block of the README and the DocC catalogs appears in a compiled sample")
    func everyBlockIsASample() throws {
        let samples = try Self.samples().map { url in
            Self.normalized(
                try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains("// doc: hidden") }
            )
        }
        #expect(samples.count >= 4, "the Documentation folders hold the samples")
        var checked = 0
        for document in try Self.documents() {
            for block in try Self.swiftBlocks(in: document) {
                checked += 1
                let found = samples.contains { sample in
                    guard sample.count >= block.lines.count, !block.lines.isEmpty else { return false }
                    return (0...(sample.count - block.lines.count)).contains { start in
                        Array(sample[start..<start + block.lines.count]) == block.lines
                    }
                }
                #expect(
                    found,
                    "\(block): this Swift block is not a compiled sample; put it in a Tests/*/Documentation/ file (it must compile and run) and copy it from there"
                )
            }
        }
        #expect(checked >= 10, "the README and the catalogs have Swift blocks to check")
    }

    @Test("the checker reads the Swift blocks of a document and only those, with their lines")
    func checkerReadsSwiftBlocks() throws {
        let document = FileManager.default.temporaryDirectory.appendingPathComponent("drift-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: document) }
        try Data("Text\n\n```swift\nlet x = 1\n  let y = 2\n\n```\n\n```sh\nls\n```\n".utf8).write(to: document)
        let blocks = try Self.swiftBlocks(in: document)
        #expect(blocks.count == 1)
        #expect(blocks.first?.lines == ["let x = 1", "let y = 2"])
        #expect(blocks.first?.line == 3)
    }
}
