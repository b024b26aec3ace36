/// Parses a regular expression into a ``RegexNode`` tree for ``RegexStringGenerator``.
struct RegexParser {
    typealias PatternError = RegexStringGenerator.PatternError

    /// Deepest group nesting accepted (keeps recursion bounded on hostile input).
    static let maximumNesting = 200
    /// Largest `{n}` / `{n,m}` count accepted.
    static let maximumCount = 1000
    /// Longest string a pattern may need to generate.
    static let maximumLength = 100_000

    let pattern: String
    let scalars: [Unicode.Scalar]
    let maximumRepetitions: Int
    var index = 0
    var groupCount = 0
    var groupNames: [String: Int] = [:]
    var depth = 0
    /// Numbers of the capturing groups currently open (a backreference to them can never match).
    var openGroups: [Int] = []
    /// `(?x)`: whitespace and `#` comments outside classes are ignored.
    var extended = false
    /// `(?i)`: matching ignores case (matters for negated classes).
    var caseInsensitive = false

    init(pattern: String, maximumRepetitions: Int) {
        self.pattern = pattern
        self.scalars = Array(pattern.unicodeScalars)
        self.maximumRepetitions = maximumRepetitions
    }

    mutating func parse() throws(PatternError) -> RegexNode {
        let node = try parseAlternation()
        if index < scalars.count {
            throw error("unmatched ')'; escape it as '\\)' to match a parenthesis")
        }
        var groupLengths: [Int: Int] = [:]
        if Self.maximumLength(of: node, groupLengths: &groupLengths) > Self.maximumLength {
            throw PatternError(
                pattern: pattern,
                position: 0,
                message: "the strings it matches are longer than \(Self.maximumLength) characters; "
                    + "use smaller repetition counts"
            )
        }
        return node
    }

    // MARK: - Structure

    private mutating func parseAlternation() throws(PatternError) -> RegexNode {
        var branches = [try parseSequence()]
        while peek() == "|" {
            index += 1
            branches.append(try parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() throws(PatternError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek(), c != "|", c != ")" {
            if extended && skipWhitespaceAndComments() { continue }
            guard var atom = try parseAtom() else { continue }
            // A quoted run (`\Q…\E`) is a sequence; a quantifier after it repeats only its last character.
            if case .sequence(var quoted) = atom, let last = quoted.popLast() {
                items.append(contentsOf: quoted)
                atom = last
            }
            let node = try parseQuantifiers(atom)
            if node != .empty { items.append(node) }
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .sequence(items)
        }
    }

    private mutating func skipWhitespaceAndComments() -> Bool {
        guard let c = peek() else { return false }
        if c == "#" {
            while let next = peek(), next != "\n" { index += 1 }
            return true
        }
        if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" {
            index += 1
            return true
        }
        return false
    }

    /// One atom, or nil for constructs that produce nothing and take no quantifier (flags, comments).
    private mutating func parseAtom() throws(PatternError) -> RegexNode? {
        guard let c = peek() else { return nil }
        switch c {
        case "(":
            return try parseGroup()
        case "[":
            let start = index
            if let posix = try parsePosixClass() {
                // ICU reads a top-level `[:alpha:]` as the POSIX class; Java, Rust and JavaScript read it as
                // the characters ':', 'a', 'l', 'p', 'h'. Generate a character both agree on when there is one.
                let literal = ScalarSet(scalarsOf: String(String.UnicodeScalarView(scalars[(start + 1)..<(index - 1)])))
                let both = literal.intersection(posix)
                return .set(try finishClass(both.isEmpty ? literal : both, at: start))
            }
            index += 1
            return .set(try finishClass(try parseBracketClass(openedAt: start), at: start))
        case ".":
            index += 1
            return .set(ScalarSet.lineTerminators.complement.preferredMembers)
        case "^", "$":
            index += 1
            return .empty
        case "\\":
            return try parseEscape()
        case "*", "+", "?":
            throw error("'\(c)' has nothing to repeat; escape it as '\\\(c)' to match it literally")
        default:
            index += 1
            return .literal(c)
        }
    }

    private mutating func parseQuantifiers(_ atom: RegexNode) throws(PatternError) -> RegexNode {
        guard let (minimum, maximum) = try parseQuantifier() else { return atom }
        // Lazy (`?`) and possessive (`+`) forms generate the same strings.
        if let c = peek(), c == "?" || c == "+" { index += 1 }
        if let c = peek(), c == "*" || c == "+" || c == "?" || (c == "{" && isCountedQuantifier()) {
            throw error("a quantifier can not follow another quantifier; put the repeated part in a group")
        }
        let cappedMaximum = Swift.min(maximum ?? Int.max, minimum + maximumRepetitions)
        if atom == .empty { return .empty }
        return .repetition(atom, minimum: minimum, maximum: cappedMaximum)
    }

    /// Reads `*`, `+`, `?` or a counted quantifier; nil (consuming nothing) when there is none.
    private mutating func parseQuantifier() throws(PatternError) -> (Int, Int?)? {
        guard let c = peek() else { return nil }
        switch c {
        case "*":
            index += 1
            return (0, nil)
        case "+":
            index += 1
            return (1, nil)
        case "?":
            index += 1
            return (0, 1)
        case "{" where isCountedQuantifier():
            let start = index
            index += 1
            let minimum = readNumber() ?? 0
            var maximum: Int? = minimum
            if peek() == "," {
                index += 1
                maximum = readNumber()
            }
            index += 1  // "}"
            guard minimum <= Self.maximumCount, (maximum ?? 0) <= Self.maximumCount else {
                throw error("repetition count above \(Self.maximumCount)", at: start)
            }
            if let maximum, maximum < minimum {
                throw error("the repetition {\(minimum),\(maximum)} has its maximum below its minimum", at: start)
            }
            return (minimum, maximum)
        default:
            return nil
        }
    }

    /// Whether the `{` at the current position starts `{n}`, `{n,}` or `{n,m}`.
    private func isCountedQuantifier() -> Bool {
        var i = index + 1
        var digitsBefore = 0
        while i < scalars.count, isDigit(scalars[i]) {
            i += 1
            digitsBefore += 1
        }
        guard digitsBefore > 0, i < scalars.count else { return false }
        if scalars[i] == "}" { return true }
        guard scalars[i] == "," else { return false }
        i += 1
        while i < scalars.count, isDigit(scalars[i]) { i += 1 }
        return i < scalars.count && scalars[i] == "}"
    }

    private mutating func readNumber() -> Int? {
        var value: Int?
        while let c = peek(), isDigit(c) {
            let digit = Int(c.value - 48)
            value = Swift.min((value ?? 0) * 10 + digit, 1_000_000_000)
            index += 1
        }
        return value
    }

    // MARK: - Groups

    private mutating func parseGroup() throws(PatternError) -> RegexNode? {
        let openedAt = index
        index += 1  // "("
        var capture: Int?
        let savedExtended = extended
        let savedCaseInsensitive = caseInsensitive
        if peek() == "?" {
            index += 1
            switch peek() {
            case ":", ">":
                index += 1
            case "=", "!":
                throw error("lookahead '(?=' / '(?!' can not be generated; remove it from the pattern", at: openedAt)
            case "#":
                while let c = peek(), c != ")" { index += 1 }
                guard peek() == ")" else { throw error("missing ')' to close the comment", at: openedAt) }
                index += 1
                return nil
            case "<" where peek(1) == "=" || peek(1) == "!":
                throw error("lookbehind can not be generated; remove it from the pattern", at: openedAt)
            case "<", "'":
                let close: Unicode.Scalar = peek() == "<" ? ">" : "'"
                index += 1
                capture = try openNamedGroup(closedBy: close, openedAt: openedAt)
            case "P" where peek(1) == "<":
                index += 2
                capture = try openNamedGroup(closedBy: ">", openedAt: openedAt)
            case "P" where peek(1) == "=":
                index += 2
                let name = try readName(closedBy: ")", openedAt: openedAt)
                return try backreference(named: name, at: openedAt)
            default:
                if try parseFlags(openedAt: openedAt) {
                    return nil  // "(?i)": the flags apply to the rest of the enclosing group.
                }
            }
        } else {
            groupCount += 1
            capture = groupCount
        }
        depth += 1
        guard depth <= Self.maximumNesting else {
            throw error("groups nested deeper than \(Self.maximumNesting) levels", at: openedAt)
        }
        if let capture { openGroups.append(capture) }
        let inner = try parseAlternation()
        if capture != nil { openGroups.removeLast() }
        depth -= 1
        guard peek() == ")" else {
            throw error("missing ')' to close the group opened at position \(openedAt)")
        }
        index += 1
        extended = savedExtended
        caseInsensitive = savedCaseInsensitive
        return .group(inner, capture: capture)
    }

    private mutating func openNamedGroup(closedBy close: Unicode.Scalar, openedAt: Int) throws(PatternError) -> Int {
        let name = try readName(closedBy: close, openedAt: openedAt)
        groupCount += 1
        if groupNames[name] == nil { groupNames[name] = groupCount }
        return groupCount
    }

    private mutating func readName(closedBy close: Unicode.Scalar, openedAt: Int) throws(PatternError) -> String {
        var name = String.UnicodeScalarView()
        while let c = peek(), c != close {
            guard c.properties.isAlphabetic || isDigit(c) || c == "_" else {
                throw error("a group name may only hold letters, digits and '_'")
            }
            name.append(c)
            index += 1
        }
        guard peek() == close, !name.isEmpty else {
            throw error("a group name must be non-empty and end with '\(close)'", at: openedAt)
        }
        index += 1
        return String(name)
    }

    /// Reads inline flags after `(?`. Returns true for `(?flags)`, false for `(?flags:` (a group follows).
    private mutating func parseFlags(openedAt: Int) throws(PatternError) -> Bool {
        var enable = true
        while let c = peek() {
            index += 1
            switch c {
            case ")":
                return true
            case ":":
                return false
            case "-":
                enable = false
            case "x":
                extended = enable
            case "i":
                caseInsensitive = enable
            case "m", "s", "u", "U", "w", "d", "J", "n", "R":
                break
            default:
                throw error("unknown group construct or flag '(?\(c)'", at: openedAt)
            }
        }
        throw error("missing ')' to close the group opened at position \(openedAt)")
    }

    private func backreference(named name: String, at position: Int) throws(PatternError) -> RegexNode {
        guard let group = groupNames[name] else {
            throw error("the backreference names group '\(name)', which is not defined before it", at: position)
        }
        return try backreference(group, at: position)
    }

    private func backreference(_ group: Int, at position: Int) throws(PatternError) -> RegexNode {
        guard group <= groupCount else {
            throw error("the backreference \\\(group) refers to a group that is not defined before it", at: position)
        }
        guard !openGroups.contains(group) else {
            throw error(
                "the backreference \\\(group) is inside the group it refers to, so it can never match",
                at: position
            )
        }
        return .backreference(group)
    }

    // MARK: - Escapes outside classes

    private mutating func parseEscape() throws(PatternError) -> RegexNode {
        let start = index
        index += 1  // "\"
        guard let c = peek() else { throw error("the pattern ends with a lone '\\'", at: start) }
        switch c {
        case "b", "B", "A", "z", "Z", "G":
            index += 1
            return .empty
        case "Q":
            index += 1
            var literals: [RegexNode] = []
            while let next = peek() {
                if next == "\\" && peek(1) == "E" {
                    index += 2
                    break
                }
                literals.append(.literal(next))
                index += 1
            }
            return literals.isEmpty ? .empty : .sequence(literals)
        case "E":
            index += 1
            return .empty
        case "k":
            index += 1
            guard let open = peek(), open == "<" || open == "{" || open == "'" else {
                throw error("'\\k' must be followed by a group name such as '\\k<name>'", at: start)
            }
            index += 1
            let close: Unicode.Scalar = open == "<" ? ">" : open == "{" ? "}" : "'"
            return try backreference(named: try readName(closedBy: close, openedAt: start), at: start)
        case "1"..."9":
            var group = Int(c.value - 48)
            index += 1
            while let next = peek(), isDigit(next), group * 10 + Int(next.value - 48) <= groupCount {
                group = group * 10 + Int(next.value - 48)
                index += 1
            }
            return try backreference(group, at: start)
        case "R":
            index += 1
            return .literal("\n")
        default:
            switch try parseEscapeBody(inClass: false, start: start) {
            case .scalar(let scalar): return .literal(scalar)
            case .set(let set): return .set(try finishClass(set, at: start))
            }
        }
    }

    private enum ClassItem {
        case scalar(Unicode.Scalar)
        case set(ScalarSet)
    }

    /// The part of an escape shared by classes and the rest of the pattern; `index` is after the `\`.
    private mutating func parseEscapeBody(inClass: Bool, start: Int) throws(PatternError) -> ClassItem {
        guard let c = peek() else { throw error("the pattern ends with a lone '\\'", at: start) }
        index += 1
        switch c {
        case "d": return .set(.digits)
        case "D": return .set(ScalarSet.digits.complement)
        case "w": return .set(.word)
        case "W": return .set(ScalarSet.word.complement)
        case "s": return .set(.whitespace)
        case "S": return .set(ScalarSet.whitespace.complement)
        case "h": return .set(.horizontalWhitespace)
        case "H": return .set(ScalarSet.horizontalWhitespace.complement)
        case "v": return .set(.verticalWhitespace)
        case "V": return .set(ScalarSet.verticalWhitespace.complement)
        case "p", "P": return .set(try parseProperty(negated: c == "P", start: start))
        case "t": return .scalar("\t")
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "f": return .scalar("\u{0C}")
        case "a": return .scalar("\u{07}")
        case "e": return .scalar("\u{1B}")
        case "b" where inClass: return .scalar("\u{08}")
        case "0":
            var value: UInt32 = 0
            var digits = 0
            while digits < 3, let next = peek(), ("0"..."7").contains(next) {
                value = value * 8 + (next.value - 48)
                index += 1
                digits += 1
            }
            return .scalar(try scalar(value, at: start))
        case "x":
            if peek() == "{" {
                index += 1
                let value = try readHex(minimumDigits: 1, maximumDigits: 8, start: start)
                guard peek() == "}" else { throw error("'\\x{' must be closed by '}'", at: start) }
                index += 1
                return .scalar(try scalar(value, at: start))
            }
            return .scalar(try scalar(try readHex(minimumDigits: 1, maximumDigits: 2, start: start), at: start))
        case "u":
            if peek() == "{" {
                index += 1
                let value = try readHex(minimumDigits: 1, maximumDigits: 8, start: start)
                guard peek() == "}" else { throw error("'\\u{' must be closed by '}'", at: start) }
                index += 1
                return .scalar(try scalar(value, at: start))
            }
            let value = try readHex(minimumDigits: 4, maximumDigits: 4, start: start)
            if (0xD800...0xDBFF).contains(value), peek() == "\\", peek(1) == "u" {
                let saved = index
                index += 2
                if let low = try? readHex(minimumDigits: 4, maximumDigits: 4, start: start),
                    (0xDC00...0xDFFF).contains(low)
                {
                    return .scalar(try scalar(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00), at: start))
                }
                index = saved
            }
            return .scalar(try scalar(value, at: start))
        case "U":
            return .scalar(try scalar(try readHex(minimumDigits: 8, maximumDigits: 8, start: start), at: start))
        case "c":
            guard let letter = peek(), letter.isASCII, letter.properties.isAlphabetic else {
                throw error("'\\c' must be followed by a letter", at: start)
            }
            index += 1
            return .scalar(try scalar(letter.value & 0x1F, at: start))
        default:
            if c.isASCII && (c.properties.isAlphabetic || isDigit(c)) {
                throw error("unknown escape '\\\(c)'; write '\(c)' for the letter itself", at: start)
            }
            return .scalar(c)
        }
    }

    private mutating func readHex(minimumDigits: Int, maximumDigits: Int, start: Int) throws(PatternError) -> UInt32 {
        var value: UInt32 = 0
        var digits = 0
        while digits < maximumDigits, let c = peek(), let digit = hexValue(c) {
            value = value &* 16 &+ digit
            digits += 1
            index += 1
        }
        guard digits >= minimumDigits else {
            throw error("the escape needs \(minimumDigits) hexadecimal digit(s)", at: start)
        }
        return value
    }

    private func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    private func scalar(_ value: UInt32, at position: Int) throws(PatternError) -> Unicode.Scalar {
        guard let scalar = Unicode.Scalar(value) else {
            throw error("U+\(String(value, radix: 16, uppercase: true)) is not a valid character", at: position)
        }
        return scalar
    }

    /// `\p{Name}`, `\pL`, `\P{Name}`; `index` is after the `p`/`P`.
    private mutating func parseProperty(negated: Bool, start: Int) throws(PatternError) -> ScalarSet {
        var name: String
        if peek() == "{" {
            index += 1
            var view = String.UnicodeScalarView()
            while let c = peek(), c != "}" {
                view.append(c)
                index += 1
            }
            guard peek() == "}" else { throw error("'\\p{' must be closed by '}'", at: start) }
            index += 1
            name = String(view)
        } else if let c = peek() {
            index += 1
            name = String(Character(c))
        } else {
            throw error("'\\p' must be followed by a property name such as '\\p{L}'", at: start)
        }
        var isNegated = negated
        if name.hasPrefix("^") {
            isNegated.toggle()
            name.removeFirst()
        }
        guard let set = Self.namedSet(name) else {
            throw error("unknown property '\(name)'; use e.g. L, Lu, Ll, N, Nd, P, Alpha, Digit or Alnum", at: start)
        }
        return isNegated ? set.complement : set
    }

    /// The ASCII members of common Unicode / POSIX / Java properties (enough to generate matching text).
    static func namedSet(_ rawName: String) -> ScalarSet? {
        var name = rawName.lowercased().filter { $0 != "_" && $0 != " " && $0 != "-" }
        for prefix in ["is", "gc=", "generalcategory="] where name.hasPrefix(prefix) && name.count > prefix.count {
            name.removeFirst(prefix.count)
        }
        switch name {
        case "l", "letter", "alpha", "alphabetic", "latin", "latn", "javaletter", "javaalphabetic":
            return .letters
        case "lu", "upper", "uppercase", "uppercaseletter", "javauppercase":
            return .upper
        case "ll", "lower", "lowercase", "lowercaseletter", "javalowercase":
            return .lower
        case "n", "nd", "digit", "number", "decimalnumber", "javadigit":
            return .digits
        case "alnum", "javaletterordigit":
            return .alphanumerics
        case "w", "word":
            return .word
        case "p", "punct", "punctuation":
            return .punctuation
        case "space", "whitespace", "z", "zs", "javawhitespace":
            return .whitespace
        case "xdigit", "hexdigit", "asciihexdigit":
            return .hexDigits
        case "blank":
            return .horizontalWhitespace
        case "cntrl", "cc", "control":
            return .control
        case "ascii", "inbasiclatin", "basiclatin":
            return .ascii
        case "print":
            return .printableASCII
        case "graph":
            return .graphicASCII
        case "any":
            return .all
        default:
            return nil
        }
    }

    // MARK: - Bracket classes

    /// Parses a class after its `[` up to and including its `]`.
    private mutating func parseBracketClass(openedAt: Int) throws(PatternError) -> ScalarSet {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumNesting else {
            throw error("classes nested deeper than \(Self.maximumNesting) levels", at: openedAt)
        }
        var negated = false
        if peek() == "^" {
            negated = true
            index += 1
        }
        var set = try parseClassContents(openedAt: openedAt, allowLeadingBracket: true)
        if negated {
            set = (caseInsensitive ? set.caseClosed : set).complement
        }
        return set
    }

    /// Class items up to and including the closing `]`; `&&` intersects with the rest of the class.
    private mutating func parseClassContents(
        openedAt: Int,
        allowLeadingBracket: Bool
    ) throws(PatternError)
        -> ScalarSet
    {
        var set = ScalarSet()
        var isFirst = allowLeadingBracket
        while true {
            guard let c = peek() else {
                throw error("missing ']' to close the class opened at position \(openedAt)")
            }
            if c == "]" && !isFirst {
                index += 1
                return set
            }
            if extended && (c == " " || c == "\t" || c == "\n" || c == "\r") {
                index += 1
                continue
            }
            isFirst = false
            if c == "&" && peek(1) == "&" {
                index += 2
                return set.intersection(try parseClassContents(openedAt: openedAt, allowLeadingBracket: false))
            }
            if c == "[" {
                if let posix = try parsePosixClass() {
                    set = set.union(posix)
                } else {
                    index += 1
                    set = set.union(try parseBracketClass(openedAt: index - 1))
                }
                continue
            }
            let itemStart = index
            let item = try parseClassItem()
            if case .scalar(let low) = item, peek() == "-", let after = peek(1), after != "]", after != "[" {
                index += 1
                guard case .scalar(let high) = try parseClassItem() else {
                    throw error("a range must end with a single character", at: itemStart)
                }
                guard low.value <= high.value else {
                    throw error("the range '\(low)-\(high)' is out of order", at: itemStart)
                }
                set = set.union(ScalarSet(low.value...high.value))
            } else {
                switch item {
                case .scalar(let scalar): set = set.union(ScalarSet(scalar.value...scalar.value))
                case .set(let members): set = set.union(members)
                }
            }
        }
    }

    private mutating func parseClassItem() throws(PatternError) -> ClassItem {
        let start = index
        guard let c = peek() else { throw error("missing ']' to close the class") }
        if c == "\\" {
            index += 1
            return try parseEscapeBody(inClass: true, start: start)
        }
        index += 1
        return .scalar(c)
    }

    /// `[:name:]` or `[:^name:]` at the current `[`, or nil (consuming nothing) when it is not one.
    private mutating func parsePosixClass() throws(PatternError) -> ScalarSet? {
        guard peek(1) == ":" else { return nil }
        var i = index + 2
        var negated = false
        if i < scalars.count, scalars[i] == "^" {
            negated = true
            i += 1
        }
        var name = String.UnicodeScalarView()
        while i < scalars.count, scalars[i].isASCII, scalars[i].properties.isAlphabetic {
            name.append(scalars[i])
            i += 1
        }
        guard i + 1 < scalars.count, scalars[i] == ":", scalars[i + 1] == "]" else { return nil }
        guard let set = Self.namedSet(String(name)) else {
            throw error("unknown POSIX class '[:\(String(name)):]'")
        }
        index = i + 2
        return negated ? set.complement : set
    }

    /// Narrows a class to the members worth generating; rejects classes that match nothing.
    private func finishClass(_ set: ScalarSet, at position: Int) throws(PatternError) -> ScalarSet {
        let members = set.preferredMembers
        guard !members.isEmpty else {
            throw error("the character class matches no character", at: position)
        }
        return members
    }

    // MARK: - Helpers

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    private func error(_ message: String, at position: Int? = nil) -> PatternError {
        PatternError(pattern: pattern, position: position ?? index, message: message)
    }

    /// The longest string `node` can generate (saturating), recording capture lengths for backreferences.
    private static func maximumLength(of node: RegexNode, groupLengths: inout [Int: Int]) -> Int {
        switch node {
        case .empty:
            return 0
        case .literal, .set:
            return 1
        case .sequence(let items):
            var total = 0
            for item in items {
                total = saturatingAdd(total, maximumLength(of: item, groupLengths: &groupLengths))
            }
            return total
        case .alternation(let branches):
            var longest = 0
            for branch in branches { longest = max(longest, maximumLength(of: branch, groupLengths: &groupLengths)) }
            return longest
        case .group(let inner, let capture):
            let length = maximumLength(of: inner, groupLengths: &groupLengths)
            if let capture { groupLengths[capture] = length }
            return length
        case .repetition(let inner, _, let maximum):
            let (product, overflow) = maximumLength(of: inner, groupLengths: &groupLengths)
                .multipliedReportingOverflow(by: maximum)
            return overflow ? Int.max : product
        case .backreference(let group):
            return groupLengths[group] ?? 0
        }
    }

    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
