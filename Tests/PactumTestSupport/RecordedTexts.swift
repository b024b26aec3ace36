import Foundation

/// Texts gathered from concurrent callers — the issues a `withKnownIssue` matcher saw — to assert on afterwards.
public final class RecordedTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    public init() {}

    public func append(_ text: String) { lock.withLock { stored.append(text) } }

    public var texts: [String] { lock.withLock { stored } }
}
