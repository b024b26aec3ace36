import Foundation

/// The Pact specification versions Pactum reads (all) and writes (V2, V3, V4).
public enum PactSpecification: String, Hashable, Sendable, CaseIterable, Comparable {
    case v1 = "1.0.0"
    case v1_1 = "1.1.0"
    case v2 = "2.0.0"
    case v3 = "3.0.0"
    case v4 = "4.0"

    private var rank: Int {
        switch self {
        case .v1: return 1
        case .v1_1: return 2
        case .v2: return 3
        case .v3: return 4
        case .v4: return 5
        }
    }

    public static func < (lhs: PactSpecification, rhs: PactSpecification) -> Bool { lhs.rank < rhs.rank }

    /// Reads a version string as pact files carry it (`"2.0.0"`, `"3.0.0"`, `"4.0"`, `"1"`, `"v3"`, …).
    public init?(versionString: String) {
        var text = versionString.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("v") { text.removeFirst() }
        let parts = text.split(separator: ".").map(String.init)
        guard let major = parts.first.flatMap({ Int($0) }) else { return nil }
        let minor = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        switch (major, minor) {
        case (1, 0): self = .v1
        case (1, _): self = .v1_1
        case (2, _): self = .v2
        case (3, _): self = .v3
        case (4, _): self = .v4
        default: return nil
        }
    }

    /// A short label (`V1`, `V1.1`, `V2`, `V3`, `V4`).
    public var label: String {
        switch self {
        case .v1: return "V1"
        case .v1_1: return "V1.1"
        case .v2: return "V2"
        case .v3: return "V3"
        case .v4: return "V4"
        }
    }
}

/// A party to a contract (consumer or provider).
public struct Pacticipant: Hashable, Sendable {
    public var name: String
    /// Fields Pactum does not interpret, kept for the round trip.
    public var additionalFields: [String: JSONValue]

    public init(_ name: String, additionalFields: [String: JSONValue] = [:]) {
        self.name = name
        self.additionalFields = additionalFields
    }
}

/// A contract between a consumer and a provider: a Pact file.
public struct Pact: Hashable, Sendable {
    public var consumer: Pacticipant
    public var provider: Pacticipant
    public var interactions: [Interaction]
    /// The file's metadata, without `pactSpecification` (that is `specification`).
    public var metadata: [String: JSONValue]
    /// The specification version the pact was read as (or is to be written as).
    public var specification: PactSpecification
    /// Top-level fields Pactum does not interpret, kept for the round trip.
    public var additionalFields: [String: JSONValue]

    public init(
        consumer: String,
        provider: String,
        interactions: [Interaction] = [],
        metadata: [String: JSONValue] = [:],
        specification: PactSpecification = .v4,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.consumer = Pacticipant(consumer)
        self.provider = Pacticipant(provider)
        self.interactions = interactions
        self.metadata = metadata
        self.specification = specification
        self.additionalFields = additionalFields
    }

    public var httpInteractions: [Interaction] { interactions.filter(\.isHTTP) }
}
