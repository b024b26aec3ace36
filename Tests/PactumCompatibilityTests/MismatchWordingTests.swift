import Testing

/// The comparison of Pactum's mismatch messages with the reference wording the features quote: it accepts Pactum's
/// sentence for the same statement and refuses a sentence with the roles swapped, of another check, or about other
/// values.
@Suite("Mismatch wording")
struct MismatchWordingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var reference: String
        var pactum: String
        var testDescription: String { reference }

        init(_ reference: String, _ pactum: String) {
            self.reference = reference
            self.pactum = pactum
        }
    }

    /// Each reference sentence with Pactum's for the same mismatch (what the compatibility suite sees).
    static let same: [Case] = [
        Case("Expected 'Lovely' (String) to be equal to 'OK' (String)", #"Expected "Lovely" to be equal to "OK""#),
        Case("Expected 'c' (String) to be equal to 'b' (String)", #"Expected "b" but received "c""#),
        Case("Expected 'dog' to include 'a'", #"Expected "dog" to include "a""#),
        Case("Expected [] (size 0) to have minimum size of 1", "Expected an array with at least 1 item but received 0"),
        Case(
            "Expected [1, 2, 3, 4, 5] (size 5) to have maximum size of 4",
            "Expected an array with at most 4 items but received 5"
        ),
        Case("Expected [] (Array) to be an integer", "Expected [] (Array) to be an integer"),
        Case("Expected null (Null) to be a decimal number", "Expected null (Null) to be a decimal number"),
        Case("Expected true (Boolean) to be a number", "Expected true (Boolean) to be a number"),
        Case("Expected [] (Array) to not be empty", "Expected a non-empty array but received []"),
        Case(
            "Actual body [image/jpeg, 30922 bytes, starting with ffd8] is not equal to the expected body "
                + "[image/jpeg, 28058 bytes, starting with ffd8]",
            "Expected a binary body of 28058 bytes but received 30922 bytes that differ from byte 14"
        ),
        Case(
            "Expected header 'content-type' to have value 'application/json;\\s*charset=UTF-8' but was "
                + "'application/json'",
            "Expected header 'content-type' to have the value 'application/json;\\s*charset=UTF-8' but received "
                + "'application/json'"
        ),
    ]

    @Test("Pactum's sentence for the same mismatch says what the reference says", arguments: same)
    func says(_ item: Case) {
        #expect(MismatchWording.difference(item.pactum, item.reference) == nil)
    }

    /// Sentences that name the reference's values (or none) but say something else.
    static let different: [Case] = [
        // The roles swapped: the sentence the issue quotes.
        Case("Expected 'Lovely' (String) to be equal to 'OK' (String)", #"Expected "OK" to be equal to "Lovely""#),
        Case("Expected 'Lovely' (String) to be equal to 'OK' (String)", "Expected 'Lovely' to equal 'OK'"),
        Case("Expected 'c' (String) to be equal to 'b' (String)", #"Expected "c" but received "b""#),
        Case("Expected 'dog' to include 'a'", #"Expected "a" to include "dog""#),
        Case(
            "Expected [1, 2, 3, 4, 5] (size 5) to have maximum size of 4",
            "Expected an array with at most 5 items but received 4"
        ),
        // Another check on the same value: the seven reference sentences that name no quoted value, list or number.
        Case("Expected [] (Array) to be an integer", "Expected [] (Array) to be a decimal number"),
        Case("Expected null (Null) to be a decimal number", "Expected null (Null) to be an integer"),
        Case("Expected true (Boolean) to be a number", "Expected true (Boolean) to be a boolean"),
        Case("Expected [] (Array) to not be empty", #"Expected a non-empty string but received """#),
        Case("Expected [] (0 bytes) to not be empty", "Expected a binary body of 0 bytes but received 5 bytes"),
        Case(
            "Actual body [image/jpeg, 30922 bytes, starting with ffd8] is not equal to the expected body "
                + "[image/jpeg, 28058 bytes, starting with ffd8]",
            "Expected a binary body of 30922 bytes but received 28058 bytes that differ from byte 14"
        ),
        Case(
            "Actual body [application/octet-stream, 50 bytes, starting with 7b0a] is not equal to the expected body "
                + "[application/octet-stream, 97 bytes, starting with 3c68]",
            "Expected a body but the body was missing"
        ),
        // Another value in a role.
        Case("Expected query parameter 'b' but was missing", "Expected query parameter 'c' but it was missing"),
        Case("Expected '100X01' (String) to be a number", #"Expected "100" (String) to be a number"#),
        // A message of an unknown shape is not accepted for its values alone.
        Case("Expected 'dog' to include 'a'", "dog a"),
    ]

    @Test("a sentence with swapped roles, another check or other values does not say it", arguments: different)
    func doesNotSay(_ item: Case) {
        #expect(MismatchWording.difference(item.pactum, item.reference) != nil)
    }

    @Test("a reference wording no template reads is satisfied only by its own text")
    func unknownReference() {
        let reference = "Expected the moon to be made of 'cheese'"
        #expect(MismatchWording.says("Expected the moon to be made of 'cheese'", reference))
        #expect(!MismatchWording.says("Expected 'cheese'", reference))
        #expect(!MismatchWording.says("", reference))
    }
}
