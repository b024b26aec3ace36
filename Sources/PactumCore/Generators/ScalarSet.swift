/// A set of Unicode scalar values kept as sorted, disjoint, non-adjacent ranges.
///
/// Used by ``RegexStringGenerator`` for character classes: it supports union, intersection and complement,
/// and picking a random member.
struct ScalarSet: Hashable, Sendable {
    /// Sorted, disjoint, non-adjacent ranges of scalar values.
    private(set) var ranges: [ClosedRange<UInt32>]

    init() { ranges = [] }

    init(_ ranges: [ClosedRange<UInt32>]) { self.ranges = Self.normalized(ranges) }

    init(_ range: ClosedRange<UInt32>) { ranges = [range] }

    /// The set of the scalars of `characters`.
    init(scalarsOf characters: String) {
        self.init(characters.unicodeScalars.map { $0.value...$0.value })
    }

    /// Every valid scalar (all code points except the surrogates).
    static let all = ScalarSet([0...0xD7FF, 0xE000...0x10FFFF])
    static let digits = ScalarSet(0x30...0x39)
    static let upper = ScalarSet(0x41...0x5A)
    static let lower = ScalarSet(0x61...0x7A)
    static let letters = upper.union(lower)
    static let alphanumerics = letters.union(digits)
    static let word = alphanumerics.union(ScalarSet(scalarsOf: "_"))
    static let hexDigits = digits.union(ScalarSet([0x41...0x46, 0x61...0x66]))
    /// `\s`: space, tab, line feed, vertical tab, form feed, carriage return, and the Unicode spaces.
    static let whitespace = ScalarSet([
        0x09...0x0D, 0x20...0x20, 0x85...0x85, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
        0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000,
    ])
    /// `\h`: horizontal whitespace.
    static let horizontalWhitespace = ScalarSet([
        0x09...0x09, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000,
    ])
    /// `\v`: vertical whitespace.
    static let verticalWhitespace = ScalarSet([0x0A...0x0D, 0x85...0x85, 0x2028...0x2029])
    /// Characters `.` does not match: the line terminators.
    static let lineTerminators = ScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x85...0x85, 0x2028...0x2029])
    /// ASCII punctuation that is punctuation under every common regex flavour (POSIX/Java and Unicode `P`).
    static let punctuation = ScalarSet(scalarsOf: "!\"#%&'()*,-./:;?@[\\]_{}")
    static let ascii = ScalarSet(0x00...0x7F)
    static let control = ScalarSet([0x00...0x1F, 0x7F...0x7F])
    static let printableASCII = ScalarSet(0x20...0x7E)
    static let graphicASCII = ScalarSet(0x21...0x7E)
    static let printableLatin1 = ScalarSet(0xA1...0xFF)

    var isEmpty: Bool { ranges.isEmpty }

    /// How many scalars the set holds.
    var count: UInt64 {
        ranges.reduce(0) { $0 + UInt64($1.upperBound - $1.lowerBound) + 1 }
    }

    func contains(_ value: UInt32) -> Bool {
        ranges.contains { $0.contains(value) }
    }

    func union(_ other: ScalarSet) -> ScalarSet {
        ScalarSet(ranges + other.ranges)
    }

    func intersection(_ other: ScalarSet) -> ScalarSet {
        var result: [ClosedRange<UInt32>] = []
        var i = 0
        var j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i]
            let b = other.ranges[j]
            let low = max(a.lowerBound, b.lowerBound)
            let high = min(a.upperBound, b.upperBound)
            if low <= high { result.append(low...high) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        var set = ScalarSet()
        set.ranges = result
        return set
    }

    /// Every valid scalar not in the set.
    var complement: ScalarSet {
        var gaps: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { gaps.append(next...(range.lowerBound - 1)) }
            if range.upperBound >= 0x10FFFF { return ScalarSet(gaps).intersection(.all) }
            next = range.upperBound + 1
        }
        if next <= 0x10FFFF { gaps.append(next...0x10FFFF) }
        return ScalarSet(gaps).intersection(.all)
    }

    /// The set plus the other case of every ASCII letter in it.
    var caseClosed: ScalarSet {
        let upperPart = intersection(.upper).ranges.map { ($0.lowerBound + 32)...($0.upperBound + 32) }
        let lowerPart = intersection(.lower).ranges.map { ($0.lowerBound - 32)...($0.upperBound - 32) }
        return ScalarSet(ranges + upperPart + lowerPart)
    }

    /// The members worth generating: printable ASCII when the set has any, else printable Latin-1, else all.
    var preferredMembers: ScalarSet {
        let valid = intersection(.all)
        for tier in [ScalarSet.printableASCII, .printableLatin1] {
            let members = valid.intersection(tier)
            if !members.isEmpty { return members }
        }
        return valid
    }

    /// A uniformly chosen member, or nil when the set is empty.
    func randomElement(using random: inout some RandomNumberGenerator) -> Unicode.Scalar? {
        let total = count
        guard total > 0 else { return nil }
        var offset = UInt64.random(in: 0..<total, using: &random)
        for range in ranges {
            let size = UInt64(range.upperBound - range.lowerBound) + 1
            if offset < size { return Unicode.Scalar(range.lowerBound + UInt32(offset)) }
            offset -= size
        }
        return nil
    }

    private static func normalized(_ input: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        let sorted = input.sorted { $0.lowerBound < $1.lowerBound }
        var result: [ClosedRange<UInt32>] = []
        for range in sorted {
            if let last = result.last, UInt64(range.lowerBound) <= UInt64(last.upperBound) + 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }
}
