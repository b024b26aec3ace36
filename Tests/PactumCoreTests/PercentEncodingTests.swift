import Foundation
import PactumCore
import Testing

@Suite("One percent-encoder per URL component")
struct PercentEncodingTests {
    @Test("a path segment keeps sub-delimiters, ':' and '@', and encodes '/', '?', '#', '%', spaces and non-ASCII")
    func pathSegment() {
        #expect(PercentEncoding.pathSegment("Foo Bar/1?x#y%z") == "Foo%20Bar%2F1%3Fx%23y%25z")
        #expect(PercentEncoding.pathSegment("a+b&c=d;e:f@g~h") == "a+b&c=d;e:f@g~h")
        #expect(PercentEncoding.pathSegment("Zürich") == "Z%C3%BCrich")
    }

    @Test("a path keeps '/' and encodes what a segment encodes")
    func path() {
        #expect(PercentEncoding.path("/books/42 a/é?") == "/books/42%20a/%C3%A9%3F")
        #expect(PercentEncoding.path("/already%20encoded") == "/already%2520encoded")
    }

    @Test("a query component encodes the pair delimiters '&', '=', '+', ';' and brackets")
    func queryComponent() {
        #expect(PercentEncoding.queryComponent("1+a b&c=d;e") == "1%2Ba%20b%26c%3Dd%3Be")
        #expect(PercentEncoding.queryComponent("q[][pacticipant]") == "q%5B%5D%5Bpacticipant%5D")
        #expect(PercentEncoding.queryComponent("a/b?c:d@e") == "a/b?c:d@e")
    }

    @Test("a form component writes a space as '+' and keeps only letters, digits and '*-._'")
    func formComponent() {
        #expect(PercentEncoding.formComponent("Ursula K. Le Guin") == "Ursula+K.+Le+Guin")
        #expect(PercentEncoding.formComponent("a~b/c*d") == "a%7Eb%2Fc*d")
    }

    @Test("an RFC 6570 template value keeps only the unreserved characters")
    func unreserved() {
        #expect(PercentEncoding.unreserved("a b/c:d~e") == "a%20b%2Fc%3Ad~e")
    }
}

@Suite("The typed vocabularies of PactumCore")
struct CoreVocabularyTests {
    @Test("rule categories are typed and still read from and written to their Pact names")
    func ruleCategories() throws {
        var rules = MatchingRules()
        try rules.add(.integer, category: .body, path: "$.id")
        try rules.add(.regex("\\d+"), category: "header", path: "X-Count")
        #expect(rules[.body] == rules["body"])
        #expect(Set(rules.categories.keys) == [.body, .header])
        #expect(RuleCategory.metadata.rawValue == "metadata")
    }

    @Test("a rule's kind can be inspected")
    func ruleKind() throws {
        let rule = try MatchingRule(json: ["match": "regex", "regex": "^/books/\\d+$"])
        guard case .regex(let pattern) = rule.kind else {
            Issue.record("expected a regex rule, got \(rule.kind)")
            return
        }
        #expect(pattern == "^/books/\\d+$")
        #expect(MatchingRule.type(min: 1).kind == .type(min: 1, max: nil))
    }

    @Test("a contract error says what kind of problem it is")
    func errorCode() {
        let notJSON = #expect(throws: PactError.self) { try Pact(data: Data("{".utf8)) }
        #expect(notJSON?.code == .invalidJSON)
        let notAPact = #expect(throws: PactError.self) { try Pact(json: ["consumer": 1]) }
        #expect(notAPact?.code == .invalidPact)
    }
}
