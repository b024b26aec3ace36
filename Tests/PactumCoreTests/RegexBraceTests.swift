import Testing

@testable import PactumCore

/// A `{` that does not start a repetition is a literal brace to Ruby's and Rust's regular expressions (the other Pact
/// implementations); the official broker client's contracts rely on it (`http:\/\/.*{pacticipant}`).
@Suite struct RegexBraceTests {
    @Test func literalBracesAsTheOtherImplementationsReadThem() throws {
        let link = try #require(RegexCache.shared.wholeValueRegex(#"http:\/\/.*{pacticipant}"#))
        #expect(link.matchesWhole("http://example.org/pacticipants/{pacticipant}"))
        #expect(!link.matchesWhole("http://example.org/pacticipants/Foo"))
        let templated = try #require(RegexCache.shared.wholeValueRegex(#"/pacts/{provider}/x{2}"#))
        #expect(templated.matchesWhole("/pacts/{provider}/xx"), "a repetition stays a repetition")
        #expect(!templated.matchesWhole("/pacts/{provider}/x{2}"))
        #expect(RegexCache.literalBraces(#"a{2,5}[{}]\{"#) == nil, "nothing to escape")
        #expect(RegexCache.literalBraces("{id}") == #"\{id\}"#)
        #expect(RegexCache.shared.wholeValueRegex("(unclosed") == nil, "other invalid patterns stay invalid")
    }
}
