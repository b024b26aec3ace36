import Foundation
import PactumCore

extension StubServer {
    /// Reads the pact files a stub server is to serve: each of `files`, and every file ending in
    /// `.<fileExtension>` under each of `directories` (searched recursively, in name order).
    ///
    /// Every file is read before giving up, so one error reports all the bad files.
    ///
    /// - Throws: ``StubServerError`` with one problem per file or directory that could not be read,
    ///   each naming it (and, for an invalid pact, the interaction and JSON path).
    public static func loadPacts(
        files: [URL],
        directories: [URL] = [],
        fileExtension: String = "json"
    ) throws(StubServerError) -> [Pact] {
        var problems: [String] = []
        var paths = files
        let suffix = "." + (fileExtension.hasPrefix(".") ? String(fileExtension.dropFirst()) : fileExtension)
        for directory in directories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                problems.append("\(directory.path): no such directory; give a directory of pact files with -d")
                continue
            }
            guard
                let enumerator = FileManager.default.enumerator(
                    at: directory,
                    includingPropertiesForKeys: [.isRegularFileKey]
                )
            else {
                problems.append("\(directory.path): the directory could not be read")
                continue
            }
            var found: [URL] = []
            for case let url as URL in enumerator where url.lastPathComponent.hasSuffix(suffix) {
                let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile ?? false
                if isFile { found.append(url) }
            }
            paths += found.sorted { $0.path < $1.path }
        }
        var pacts: [Pact] = []
        for path in paths {
            do {
                pacts.append(try Pact(contentsOf: path))
            } catch {
                problems.append(error.description)
            }
        }
        guard problems.isEmpty else { throw StubServerError(problems: problems) }
        return pacts
    }
}
