/// Generates random strings that match a regular expression as a whole.
///
/// Supports the common syntax shared by Java, ICU (`NSRegularExpression`), Rust and JavaScript:
/// literals and escapes (`\.`, `\t`, `\n`, `\xhh`, `\x{h…}`, `\uhhhh`, `\0oo`, `\cX`, `\Q…\E`),
/// the classes `.`, `\d \w \s \h \v` and their negations, `\p{…}` for common properties, bracket classes
/// with ranges, negation, nesting, intersection (`&&`) and POSIX names (`[[:alpha:]]`), groups (capturing,
/// named, non-capturing, atomic), inline flags (`(?i)`, `(?x)`, `(?i:…)`), alternation, the quantifiers
/// `* + ? {n} {n,} {n,m}` (greedy, lazy or possessive) and backreferences (`\1`, `\k<name>`).
/// Anchors and boundaries (`^ $ \b \B \A \z \Z`) generate nothing. Unbounded quantifiers repeat at most
/// `maximumRepetitions` times beyond their minimum. Lookaround can not be generated and is rejected.
///
/// Generated characters are printable ASCII whenever the pattern allows, so `[^a]` gives e.g. `x`,
/// not a control character.
///
/// ```swift
/// let generator = try RegexStringGenerator(pattern: "[A-Z]{3}-\\d+")
/// var random = SeededRandomNumberGenerator(seed: 1)
/// let value = generator.generate(using: &random) // e.g. "QXB-4071"
/// ```
public struct RegexStringGenerator: Hashable, Sendable {
    /// Why a pattern could not be used: a syntax error, or a construct that can not be generated.
    public struct PatternError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The regular expression.
        public var pattern: String
        /// The position (in Unicode scalars, from 0) where the problem was found.
        public var position: Int
        /// What was wrong.
        public var message: String

        public var description: String {
            "invalid regular expression '\(pattern)' at position \(position): \(message)"
        }
    }

    /// The regular expression strings are generated for.
    public let pattern: String
    /// How many times at most an unbounded quantifier (`*`, `+`, `{n,}`) repeats beyond its minimum;
    /// bounded ranges (`{n,m}`) are capped the same way.
    public let maximumRepetitions: Int
    let root: RegexNode

    /// Parses `pattern`.
    ///
    /// - Throws: ``PatternError`` for invalid syntax, lookaround, unknown escapes or properties,
    ///   character classes that match nothing, or patterns whose strings would be too long.
    public init(pattern: String, maximumRepetitions: Int = 10) throws(PatternError) {
        self.pattern = pattern
        self.maximumRepetitions = max(0, min(maximumRepetitions, 1000))
        var parser = RegexParser(pattern: pattern, maximumRepetitions: self.maximumRepetitions)
        root = try parser.parse()
    }

    /// A random string matching the whole pattern.
    public func generate(using random: inout some RandomNumberGenerator) -> String {
        var state = GenerationState()
        generate(root, into: &state, using: &random)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: state.output)
        return String(result)
    }

    private struct GenerationState {
        var output: [Unicode.Scalar] = []
        var captures: [Int: ArraySlice<Unicode.Scalar>] = [:]
    }

    private func generate(
        _ node: RegexNode,
        into state: inout GenerationState,
        using random: inout some RandomNumberGenerator
    ) {
        switch node {
        case .empty:
            break
        case .literal(let scalar):
            state.output.append(scalar)
        case .set(let set):
            if let scalar = set.randomElement(using: &random) { state.output.append(scalar) }
        case .sequence(let items):
            for item in items { generate(item, into: &state, using: &random) }
        case .alternation(let branches):
            guard !branches.isEmpty else { return }
            generate(branches[Int.random(in: 0..<branches.count, using: &random)], into: &state, using: &random)
        case .group(let inner, let capture):
            let start = state.output.count
            generate(inner, into: &state, using: &random)
            if let capture { state.captures[capture] = state.output[start...] }
        case .repetition(let inner, let minimum, let maximum):
            let count = minimum < maximum ? Int.random(in: minimum...maximum, using: &random) : minimum
            for _ in 0..<count { generate(inner, into: &state, using: &random) }
        case .backreference(let group):
            if let captured = state.captures[group] { state.output.append(contentsOf: captured) }
        }
    }
}

/// The parsed form of a regular expression, reduced to what generation needs.
indirect enum RegexNode: Hashable, Sendable {
    /// Generates nothing (anchors, boundaries, empty branches).
    case empty
    case literal(Unicode.Scalar)
    /// One character from the set (already narrowed to the members worth generating).
    case set(ScalarSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    /// A group; `capture` is its number when it captures.
    case group(RegexNode, capture: Int?)
    /// The node repeated `minimum...maximum` times (the maximum already capped).
    case repetition(RegexNode, minimum: Int, maximum: Int)
    case backreference(Int)
}
