import Foundation
import Testing

@testable import PactumCore

@Suite struct GeneratorRegexStringTests {
    /// Whether Foundation's regex engine (ICU) matches the whole of `text`.
    private func fullyMatches(_ text: String, _ pattern: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z")
        return regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    private func samples(_ pattern: String, count: Int = 50, seed: UInt64 = 1) throws -> [String] {
        let generator = try RegexStringGenerator(pattern: pattern)
        var random = SeededRandomNumberGenerator(seed: seed)
        return (0..<count).map { _ in generator.generate(using: &random) }
    }

    static let patterns: [String] = [
        #"\d{4}-\d{2}-\d{2}"#,
        #"[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}"#,
        #"^[A-Z]{3}-\d+$"#,
        #"(foo|bar)+"#,
        #"[0-9a-fA-F]+"#,
        #"0x[0-9A-F]{8}"#,
        #"[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"#,
        #"((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"#,
        #"\d{1,8}"#,
        #"\w+\s\W\S\D"#,
        #"a.b.c"#,
        #"[^abc]{5}"#,
        #"[^\d\s]+"#,
        #"(?:ab|cd)*?e+?f??"#,
        #"x{2,}y{0,3}z{3}"#,
        #"(a|b|)c"#,
        #"\u0041\u00e9\x41\x{1F600}"#,
        #"\t\n\.\*\+\?\(\)\[\]\{\}\|\\\/\^\$"#,
        #"[\-\]\\a-c]+"#,
        #"[-a]+[b-]+"#,
        #"\bword\b \w\Bx"#,
        #"(\d)-\1"#,
        #"(?<year>\d{4})/\k<year>"#,
        #"[[:alpha:]][[:digit:]][[:upper:]][[:lower:]][[:alnum:]][[:punct:]][[:space:]][[:xdigit:]]"#,
        #"\p{L}\p{Lu}\p{Ll}\p{N}\P{L}"#,
        #"[a-z&&[^aeiou]]{6}"#,
        #"[\w&&[^\d_]]{4}"#,
        #"(?i)[^a]bc"#,
        #"(?i:ABC)[a-c]"#,
        "(?x) a [ b] \\  c # comment\n",
        #"\Qa.b*c\E+"#,
        #"(GET|POST|PUT|DELETE) /api/v[12]/\w+"#,
        #"https?://[a-z]+(\.[a-z]+)*(:\d{2,5})?(/[a-z0-9]*)*"#,
        #"\+?1?\(?\d{3}\)?[- ]?\d{3}-\d{4}"#,
        #"[A-Z][a-z]+ [A-Z][a-z]+"#,
        #"\$\d+\.\d{2}"#,
        #"(true|false)"#,
        #"[\x20-\x7e]{10}"#,
        #"\h\v?\R?"#,
        #"[^\x00-\x7F]"#,
        #"[\u00e0-\u00ff]+"#,
        #"(?>abc|ab)x"#,
        #"(a(b(c(d))))\4\3"#,
        #"[.]\.[*]"#,
        #"\0101\x7"#,
        #"\d+(\.\d+)?([eE][+-]?\d+)?"#,
        #"abc|"#,
        #""#,
        #"^$"#,
        #"\A\d\z"#,
        #"(?#a comment)x"#,
        #"\cJ\e\a\f"#,
    ]

    @Test func everyGeneratedStringFullyMatches() throws {
        for pattern in Self.patterns {
            for text in try samples(pattern) {
                #expect(try fullyMatches(text, pattern), "'\(text)' does not match '\(pattern)'")
            }
        }
    }

    @Test func samplesVary() throws {
        #expect(Set(try samples("[a-z]{8}")).count > 45)
        #expect(Set(try samples("(foo|bar)")) == ["foo", "bar"])
        let lengths = Set(try samples("a*").map(\.count))
        #expect(lengths.count > 5)
        #expect(lengths.max() ?? 0 <= 10)
        #expect(Set(try samples("\\d{1,8}", count: 200).map(\.count)) == Set(1...8))
    }

    @Test func unboundedQuantifiersAreCapped() throws {
        let generator = try RegexStringGenerator(pattern: "x+", maximumRepetitions: 3)
        var random = SeededRandomNumberGenerator(seed: 3)
        let lengths = Set((0..<100).map { _ in generator.generate(using: &random).count })
        #expect(lengths == Set(1...4))
        let none = try RegexStringGenerator(pattern: "a{2,}b*", maximumRepetitions: 0)
        #expect(none.generate(using: &random) == "aa")
    }

    @Test func prefersPrintableASCII() throws {
        for text in try samples("[^a-z]", count: 200) + samples(".", count: 200) + samples("\\S", count: 100) {
            let scalar = try #require(text.unicodeScalars.first)
            #expect((0x20...0x7E).contains(scalar.value), "\(text)")
        }
        #expect(Set(try samples("\\s", count: 20)) == [" "])
        #expect(try samples("[\\t\\n]", count: 20).allSatisfy { $0 == "\t" || $0 == "\n" })
    }

    @Test func sameSeedSameStrings() throws {
        let pattern = "[A-Z]{3}-\\d+(foo|bar)?"
        #expect(try samples(pattern, seed: 9) == samples(pattern, seed: 9))
        #expect(try samples(pattern, seed: 9) != samples(pattern, seed: 10))
    }

    @Test func generatesSupplementaryCharactersFromSurrogatePairs() throws {
        #expect(try samples("\\uD83D\\uDE00", count: 1) == ["😀"])
        #expect(try samples("😀+", count: 1).first?.first == "😀")
    }

    private func message(_ pattern: String) -> String {
        do {
            _ = try RegexStringGenerator(pattern: pattern)
            return "no error"
        } catch {
            return error.description
        }
    }

    /// Each row: a pattern, the position reported and the message after it.
    static let invalidPatterns: [(String, Int, String)] = [
        ("(abc", 4, "missing ')' to close the group opened at position 0"),
        ("abc)", 3, "unmatched ')'; escape it as '\\)' to match a parenthesis"),
        ("[abc", 4, "missing ']' to close the class opened at position 0"),
        ("*a", 0, "'*' has nothing to repeat; escape it as '\\*' to match it literally"),
        ("a**", 2, "a quantifier can not follow another quantifier; put the repeated part in a group"),
        ("a{3,1}", 1, "the repetition {3,1} has its maximum below its minimum"),
        ("[z-a]", 1, "the range 'z-a' is out of order"),
        ("\\y", 0, "unknown escape '\\y'; write 'y' for the letter itself"),
        ("a\\", 1, "the pattern ends with a lone '\\'"),
        ("(?=a)b", 0, "lookahead '(?=' / '(?!' can not be generated; remove it from the pattern"),
        ("(?<!a)b", 0, "lookbehind can not be generated; remove it from the pattern"),
        ("(a)\\2", 3, "the backreference \\2 refers to a group that is not defined before it"),
        ("\\k<nope>", 0, "the backreference names group 'nope', which is not defined before it"),
        ("[^\\s\\S]", 0, "the character class matches no character"),
        ("\\p{Klingon}", 0, "unknown property 'Klingon'; use e.g. L, Lu, Ll, N, Nd, P, Alpha, Digit or Alnum"),
        ("a{1001}", 1, "repetition count above 1000"),
        (
            "(a{1000}){1000}", 0,
            "the strings it matches are longer than 100000 characters; use smaller repetition counts"
        ),
        ("\\x{110000}", 0, "U+110000 is not a valid character"),
        ("(?Q)", 0, "unknown group construct or flag '(?Q'"),
    ]

    @Test func reportsInvalidPatterns() {
        for (pattern, position, problem) in Self.invalidPatterns {
            #expect(message(pattern) == "invalid regular expression '\(pattern)' at position \(position): \(problem)")
        }
    }

    @Test func rejectsDeepNestingWithoutCrashing() {
        let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
        #expect(message(deep).contains("groups nested deeper than 200 levels"))
        let deepClass = String(repeating: "[", count: 5000)
        #expect(message(deepClass).contains("nested deeper than 200 levels"))
    }

    /// Random patterns built from common pieces: whenever ICU accepts one, every generated string matches.
    @Test func randomPatternsFromCommonPiecesMatch() throws {
        let pieces = [
            "a", "b", "0", ".", "|", "(", ")", "(?:", "[", "]", "[^", "-", "*", "+", "?", "{2}", "{1,3}", "{2,}",
            "*?", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "\\n", "\\t", "\\.", "\\x41", "\\u00e9", "\\p{L}",
            "\\P{N}", "[:alpha:]", "&&", "(?i)", "é", "😀", " ", ",", "\\-", "\\]", "\\\\", "Z", "_",
        ]
        var random = SeededRandomNumberGenerator(seed: 99)
        var checked = 0
        for _ in 0..<1500 {
            let count = Int.random(in: 1...10, using: &random)
            let pattern = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            // Possessive quantifiers ("x++") can refuse strings their greedy form accepts.
            if ["++", "*+", "?+", "}+"].contains(where: pattern.contains) { continue }
            guard let generator = try? RegexStringGenerator(pattern: pattern),
                (try? NSRegularExpression(pattern: pattern)) != nil
            else { continue }
            checked += 1
            for _ in 0..<3 {
                let text = generator.generate(using: &random)
                #expect(try fullyMatches(text, pattern), "'\(text)' does not match '\(pattern)'")
            }
        }
        #expect(checked > 300)
    }

    @Test func backreferenceInsideItsOwnGroupIsRejected() {
        #expect(
            message("(a\\1)")
                == "invalid regular expression '(a\\1)' at position 2: the backreference \\1 is inside the group it "
                + "refers to, so it can never match"
        )
    }

    @Test func topLevelPOSIXNameGeneratesACharacterEveryFlavourAccepts() throws {
        #expect(Set(try samples("[:alpha:]", count: 100)).isSubset(of: ["a", "l", "p", "h"]))
    }

    @Test func literalBracesThatAreNotQuantifiers() throws {
        for text in try samples("a{b}c{,2}", count: 5) {
            #expect(text == "a{b}c{,2}")
        }
    }
}
