import Foundation

/// Which consumer versions' pacts a provider verifies: one entry of `consumerVersionSelectors` in a
/// pacts-for-verification request, as the Pact Broker documents it.
///
/// ```swift
/// let selectors: [ConsumerVersionSelector] = [.mainBranch, .deployedOrReleased, .tag("prod", latest: true)]
/// ```
///
/// It encodes to the JSON object the official clients send (`{"mainBranch":true}`), only with the keys that are set.
public struct ConsumerVersionSelector: Sendable, Hashable, Codable {
    /// The latest version from each consumer's main branch.
    public var mainBranch: Bool?
    /// The latest version from this branch (every version with `latest: false`).
    public var branch: String?
    /// The branch to use when `branch` has no version.
    public var fallbackBranch: String?
    /// The latest version from the branch with the same name as the provider's.
    public var matchingBranch: Bool?
    /// Versions with this tag (the latest with `latest: true`).
    public var tag: String?
    /// The tag to use when `tag` has no version.
    public var fallbackTag: String?
    /// With `tag` or `branch`: only the latest version.
    public var latest: Bool?
    /// Versions currently deployed (to `environment` when given).
    public var deployed: Bool?
    /// Versions released and currently supported (in `environment` when given).
    public var released: Bool?
    /// Versions currently deployed or released and supported (in `environment` when given).
    public var deployedOrReleased: Bool?
    /// Versions currently deployed to or released in this environment.
    public var environment: String?
    /// Only this consumer's versions.
    public var consumer: String?

    /// Creates a selector from its fields; set only the ones the selector needs.
    public init(
        mainBranch: Bool? = nil,
        branch: String? = nil,
        fallbackBranch: String? = nil,
        matchingBranch: Bool? = nil,
        tag: String? = nil,
        fallbackTag: String? = nil,
        latest: Bool? = nil,
        deployed: Bool? = nil,
        released: Bool? = nil,
        deployedOrReleased: Bool? = nil,
        environment: String? = nil,
        consumer: String? = nil
    ) {
        self.mainBranch = mainBranch
        self.branch = branch
        self.fallbackBranch = fallbackBranch
        self.matchingBranch = matchingBranch
        self.tag = tag
        self.fallbackTag = fallbackTag
        self.latest = latest
        self.deployed = deployed
        self.released = released
        self.deployedOrReleased = deployedOrReleased
        self.environment = environment
        self.consumer = consumer
    }

    /// `{"mainBranch": true}`: the latest version from each consumer's main branch.
    public static let mainBranch = ConsumerVersionSelector(mainBranch: true)
    /// `{"matchingBranch": true}`: the latest version from the branch named like the provider's.
    public static let matchingBranch = ConsumerVersionSelector(matchingBranch: true)
    /// `{"deployedOrReleased": true}`: every version currently deployed or released and supported.
    public static let deployedOrReleased = ConsumerVersionSelector(deployedOrReleased: true)
    /// `{"deployed": true}`: every version currently deployed.
    public static let deployed = ConsumerVersionSelector(deployed: true)
    /// `{"released": true}`: every version released and currently supported.
    public static let released = ConsumerVersionSelector(released: true)

    /// `{"branch": name}`: the latest version from a branch, or `fallback`'s when the branch has none.
    public static func branch(_ name: String, fallback: String? = nil) -> ConsumerVersionSelector {
        ConsumerVersionSelector(branch: name, fallbackBranch: fallback)
    }

    /// `{"tag": name, "latest": true}`: versions with a tag (only the latest with `latest: true`).
    public static func tag(_ name: String, latest: Bool? = nil, fallback: String? = nil) -> ConsumerVersionSelector {
        ConsumerVersionSelector(tag: name, fallbackTag: fallback, latest: latest)
    }

    /// `{"environment": name}`: the versions currently deployed to or released in an environment.
    public static func environment(_ name: String) -> ConsumerVersionSelector {
        ConsumerVersionSelector(environment: name)
    }

    /// The same selector, for one consumer only (`{"consumer": name, …}`).
    public func consumer(_ name: String) -> ConsumerVersionSelector {
        var copy = self
        copy.consumer = name
        return copy
    }

    /// Parses a selector from its JSON text (`{"mainBranch": true}`), as the official `--consumer-version-selectors`
    /// option takes it. A key that is not a selector field, or a value of the wrong type, is an error that names it.
    public init(json text: String) throws(ConsumerVersionSelector.ParseError) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw ParseError(selector: text, problem: "is not a JSON object")
            }
            object = parsed
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(selector: text, problem: "is not valid JSON")
        }
        if let unknown = object.keys.sorted().first(where: { !Self.fields.contains($0) }) {
            throw ParseError(
                selector: text,
                problem: "has the unknown key '\(unknown)' (known: \(Self.fields.joined(separator: ", ")))"
            )
        }
        do {
            self = try JSONDecoder().decode(ConsumerVersionSelector.self, from: Data(text.utf8))
        } catch DecodingError.typeMismatch(let type, let context) {
            let key = context.codingPath.last?.stringValue ?? "?"
            throw ParseError(selector: text, problem: "has '\(key)' of the wrong type (expected \(type))")
        } catch {
            throw ParseError(selector: text, problem: "could not be read (\(error))")
        }
    }

    /// The keys a selector may have.
    static let fields = [
        "mainBranch", "branch", "fallbackBranch", "matchingBranch", "tag", "fallbackTag", "latest", "deployed",
        "released", "deployedOrReleased", "environment", "consumer",
    ]

    /// A selector's JSON text that could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The JSON text as given.
        public var selector: String
        /// What is wrong with it.
        public var problem: String

        /// "The consumer version selector '{"main": true}' has the unknown key 'main' (…)".
        public var description: String { "The consumer version selector '\(selector)' \(problem)." }
    }
}
