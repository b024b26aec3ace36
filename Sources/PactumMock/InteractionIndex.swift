import PactumCore

/// Finds the HTTP interactions a request could be meant for without trying every interaction.
///
/// Interactions are indexed by method and exact path. Those whose path has matching rules are kept
/// per method and literal directory when their rule is a single regex that starts with literal
/// characters (`/api/orders/\d+` is filed under `/api/orders/`), and per method otherwise; they are
/// tried after the exact ones. A lookup checks only the directories of the request's path, so it costs
/// about the same with ten interactions or ten thousand.
struct InteractionIndex: Sendable {
    struct Entry: Sendable {
        var position: Int
        var interaction: Interaction
        var request: HTTPRequest
        var response: HTTPResponse
    }

    private(set) var entries: [Entry] = []
    private var byMethodAndPath: [String: [Int]] = [:]
    /// Regex paths with a literal directory prefix, keyed by method and that prefix (ending in `/`).
    private var patternedByMethodAndDirectory: [String: [Int]] = [:]
    /// Path rules that could match any path.
    private var patternedByMethod: [String: [Int]] = [:]

    init(_ interactions: [Interaction]) {
        for interaction in interactions {
            guard case .http(let request, let response) = interaction.kind else { continue }
            let index = entries.count
            entries.append(Entry(position: index, interaction: interaction, request: request, response: response))
            let method = request.method.uppercased()
            let pathRules = request.matchingRules["path"]
            if pathRules.isEmpty {
                byMethodAndPath[InteractionIndex.key(method, request.path), default: []].append(index)
            } else if let directory = InteractionIndex.literalDirectory(of: pathRules) {
                patternedByMethodAndDirectory[InteractionIndex.key(method, directory), default: []].append(index)
            } else {
                patternedByMethod[method, default: []].append(index)
            }
        }
    }

    static func key(_ method: String, _ path: String) -> String { method + " " + path }

    /// The interactions whose method and path could fit: exact paths first, then patterned ones in
    /// the order they were given.
    func candidates(method: String, path: String) -> [Int] {
        let upper = method.uppercased()
        var result = byMethodAndPath[InteractionIndex.key(upper, path)] ?? []
        var patterned = patternedByMethod[upper] ?? []
        for directory in InteractionIndex.directories(of: path) {
            if let filed = patternedByMethodAndDirectory[InteractionIndex.key(upper, directory)] {
                patterned = InteractionIndex.merged(patterned, filed)
            }
        }
        for index in patterned {
            let expected = entries[index].request
            if PactMatcher.matchPath(expected: expected.path, actual: path, rules: expected.matchingRules["path"])
                .isEmpty
            {
                result.append(index)
            }
        }
        return result
    }

    /// Two ascending lists of positions merged into one ascending list.
    private static func merged(_ first: [Int], _ second: [Int]) -> [Int] {
        if first.isEmpty { return second }
        if second.isEmpty { return first }
        var result: [Int] = []
        result.reserveCapacity(first.count + second.count)
        var i = 0
        var j = 0
        while i < first.count, j < second.count {
            if first[i] < second[j] {
                result.append(first[i])
                i += 1
            } else {
                result.append(second[j])
                j += 1
            }
        }
        result += first[i...]
        result += second[j...]
        return result
    }

    /// Every directory prefix of a path, each ending in `/` (`/`, `/api/`, `/api/orders/` for `/api/orders/7`).
    static func directories(of path: String) -> [String] {
        guard path.hasPrefix("/") else { return [] }
        var result: [String] = []
        var index = path.startIndex
        while let slash = path[index...].firstIndex(of: "/") {
            result.append(String(path[...slash]))
            index = path.index(after: slash)
        }
        return result
    }

    /// The directory every path matching the rules must start with (up to the last `/` of the regex's
    /// literal prefix): only for a single `regex` rule whose pattern starts with `/`; nil otherwise.
    static func literalDirectory(of rules: MatchingRuleCategory) -> String? {
        let lists = rules.rules
        guard lists.count == 1, let list = lists.values.first, list.rules.count == 1,
            case .regex(let pattern) = list.rules[0].kind
        else { return nil }
        let prefix = literalPrefix(ofRegex: pattern)
        guard prefix.hasPrefix("/"), let lastSlash = prefix.lastIndex(of: "/") else { return nil }
        return String(prefix[...lastSlash])
    }

    /// The characters every match of the (anchored) pattern starts with. Conservative: stops at the
    /// first construct that is not a plain literal, and gives up on alternation anywhere.
    static func literalPrefix(ofRegex pattern: String) -> String {
        guard !pattern.contains("|") else { return "" }
        let characters = Array(pattern)
        var position = characters.first == "^" ? 1 : 0
        var prefix = ""
        let special: Set<Character> = ["\\", ".", "[", "]", "(", ")", "{", "}", "*", "+", "?", "^", "$"]
        while position < characters.count {
            var literal = characters[position]
            var width = 1
            if literal == "\\" {
                // An escaped punctuation character is a literal; `\d`, `\w`, `\Q`, … are not.
                guard position + 1 < characters.count else { break }
                let escaped = characters[position + 1]
                guard !escaped.isLetter, !escaped.isNumber else { break }
                literal = escaped
                width = 2
            } else if special.contains(literal) {
                break
            }
            let next = position + width < characters.count ? characters[position + width] : nil
            if let next, next == "*" || next == "?" || next == "{" { break }
            prefix.append(literal)
            if next == "+" { break }
            position += width
        }
        return prefix
    }
}

/// What the mock server decided for one request.
enum RequestOutcome: Sendable {
    /// It matched interaction `index`.
    case matched(index: Int)
    /// Interactions with this method and path exist, but none matched; the closest one and its mismatches.
    case mismatched(closest: Int, mismatches: [Mismatch])
    /// No interaction has this method and path.
    case unexpected
}

extension InteractionIndex {
    /// Matches a request against its candidate interactions; the first that matches wins.
    func resolve(_ request: HTTPRequest, preferring uncalled: (Int) -> Bool = { _ in false }) -> RequestOutcome {
        let candidates = candidates(method: request.method, path: request.path)
        guard !candidates.isEmpty else { return .unexpected }
        var closest: (index: Int, mismatches: [Mismatch])?
        var firstMatch: Int?
        for index in candidates {
            let mismatches = PactMatcher.match(expected: entries[index].request, actual: request)
            if mismatches.isEmpty {
                if uncalled(index) { return .matched(index: index) }
                if firstMatch == nil { firstMatch = index }
                continue
            }
            if closest == nil || mismatches.count < closest!.mismatches.count {
                closest = (index, mismatches)
            }
        }
        if let firstMatch { return .matched(index: firstMatch) }
        return .mismatched(closest: closest!.index, mismatches: closest!.mismatches)
    }
}
