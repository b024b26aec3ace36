import ArgumentParser
import Foundation
import PactumContracts
import PactumCore

/// `pactum compare`: checks pacts against the provider's OpenAPI and/or AsyncAPI document (bi-directional contract
/// testing), with the results of PactFlow's comparator.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Check pacts against a provider's OpenAPI or AsyncAPI document.",
        discussion: """
            Each interaction of each pact is checked against the document: path and method, parameters, headers, \
            security, request and response bodies (JSON Schema), status codes; message interactions against the \
            AsyncAPI operation they name. Without --openapi and --asyncapi, in a swift-openapi-generator project, \
            the one Sources/<target>/openapi.yaml (or .yml, .json) is used. Exit codes: 0 when no result is an \
            error (warnings allowed), 1 when one is, 3 when a document or pact cannot be read.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .long, help: "The provider's OpenAPI document (YAML or JSON; 2.0, 3.0, 3.1).")
    var openapi: String?

    @Option(name: .long, help: "The provider's AsyncAPI 3 (or 2) document (YAML or JSON).")
    var asyncapi: String?

    @Option(name: [.short, .long], help: "text for people, json for the comparator's result list.")
    var output: OutputFormat = .text

    @Argument(help: "Pact files, or folders of them (*.json).")
    var pacts: [String] = []

    func run() throws {
        do {
            try compare()
        } catch let error as CompareFailure {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(3)
        }
    }

    private func compare() throws {
        var openAPIPath = openapi
        if openAPIPath == nil && asyncapi == nil {
            openAPIPath = try GeneratorProject.openAPIDocument(
                in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            )
        }
        let comparator: ContractComparator
        do {
            comparator = try ContractComparator(
                openAPI: try openAPIPath.map(Self.read),
                openAPIName: openAPIPath,
                asyncAPI: try asyncapi.map(Self.read),
                asyncAPIName: asyncapi
            )
        } catch let error as ContractDocumentError {
            throw CompareFailure(message: "\(error)")
        }
        let files = try Self.pactFiles(pacts)
        guard !files.isEmpty else { throw CompareFailure(message: "no pact files given") }
        var all: [(file: String, results: [ContractComparisonResult])] = []
        for file in files {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CompareFailure(message: "\(file): cannot be read (\(error.localizedDescription))")
            }
            do {
                all.append((file, try comparator.compare(pact: data, name: file)))
            } catch {
                throw CompareFailure(message: "\(error)")
            }
        }
        switch output {
        case .json:
            print(JSONWriter.pretty(.array(all.flatMap { $0.results.map(\.json) })))
        case .text:
            for (file, results) in all { print(CompareReport.text(file: file, results: results)) }
        }
        if all.contains(where: { !$0.results.errors.isEmpty }) { throw ExitCode(1) }
    }

    static func read(_ path: String) throws -> String {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let text = String(data: data, encoding: .utf8) else {
                throw CompareFailure(message: "\(path): not UTF-8 text")
            }
            return text
        } catch let error as CompareFailure {
            throw error
        } catch {
            throw CompareFailure(message: "\(path): cannot be read (\(error.localizedDescription))")
        }
    }

    /// The files given, with folders replaced by the `.json` files in them (sorted).
    static func pactFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CompareFailure(message: "\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".json") }.sorted().map {
                    (path as NSString).appendingPathComponent($0)
                }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

struct CompareFailure: Error {
    var message: String
}

/// Finds the OpenAPI document of a swift-openapi-generator project: `Sources/<target>/openapi.yaml` (or `.yml`,
/// `.json`), the file the generator's build plugin reads.
enum GeneratorProject {
    static func openAPIDocument(in directory: URL) throws -> String {
        let sources = directory.appendingPathComponent("Sources")
        let targets = ((try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []).sorted()
        var found: [String] = []
        for target in targets {
            for name in ["openapi.yaml", "openapi.yml", "openapi.json"] {
                let relative = "Sources/\(target)/\(name)"
                if FileManager.default.fileExists(atPath: directory.appendingPathComponent(relative).path) {
                    found.append(relative)
                }
            }
        }
        if found.count == 1 { return found[0] }
        if found.isEmpty {
            throw CompareFailure(
                message:
                    "no --openapi or --asyncapi given, and no Sources/<target>/openapi.yaml (.yml, .json) of a swift-openapi-generator project in \(directory.path)"
            )
        }
        throw CompareFailure(
            message:
                "no --openapi given and several OpenAPI documents found (\(found.joined(separator: ", "))): choose one with --openapi"
        )
    }
}

/// The text report: per pact, each result with its interaction, where in the pact, where in the document and the
/// comparator's sentence.
enum CompareReport {
    static func text(file: String, results: [ContractComparisonResult]) -> String {
        let errors = results.errors.count
        let warnings = results.warnings.count
        var lines = [
            "\(file): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
                + (errors == 0 ? " (compatible)" : " (not compatible)")
        ]
        for result in results where result.type != .info {
            var interaction = ""
            if let mock = result.mockDetails {
                interaction = " in \"\(mock.interactionDescription ?? "(no description)")\""
                if let state = mock.interactionState, state != "[none]" { interaction += " given \"\(state)\"" }
            }
            lines.append("  \(result.type.rawValue) \(result.code)\(interaction)")
            lines.append("    \(result.message)")
            if let mock = result.mockDetails { lines.append("    pact: \(mock.location)") }
            if let spec = result.specDetails { lines.append("    spec: \(spec.location)") }
        }
        return lines.joined(separator: "\n")
    }
}
