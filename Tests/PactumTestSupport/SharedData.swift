import Foundation

/// Locates the shared conformance data (`../shared` next to the repository), failing loudly when it is missing.
public enum SharedData {
    /// The repository root, found from this file's location.
    public static let repositoryRoot: URL = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // PactumTestSupport
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
    }()

    /// `../shared` relative to the repository root, or `PACTUM_SHARED_DIR`.
    public static let sharedRoot: URL = {
        if let override = ProcessInfo.processInfo.environment["PACTUM_SHARED_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    public static var specificationRoot: URL { sharedRoot.appendingPathComponent("pact-spec") }
    public static var compatibilitySuiteRoot: URL { sharedRoot.appendingPathComponent("pact-compatibility-suite") }
    public static var fixturesRoot: URL { repositoryRoot.appendingPathComponent("Fixtures") }

    /// Every file under `root` with the extension, as paths relative to `root`, sorted.
    public static func files(under root: URL, withExtension ext: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            return []
        }
        var result: [String] = []
        let base = root.standardizedFileURL.path
        for case let url as URL in enumerator where url.pathExtension == ext {
            let path = url.standardizedFileURL.path
            result.append(String(path.dropFirst(base.count + 1)))
        }
        return result.sorted()
    }
}
