import PactumCore
import Testing

@Suite("FormURLEncoded")
struct BodiesFormURLEncodedTests {
    private func pairs(_ s: String) -> [String] {
        FormURLEncoded.parse(s).map { "\($0.name)=\($0.value)" }
    }

    @Test func parsesInOrderKeepingRepeats() {
        #expect(pairs("b=2&a=1&b=3") == ["b=2", "a=1", "b=3"])
        #expect(FormURLEncoded.parseGrouped("b=2&a=1&b=3") == ["a": ["1"], "b": ["2", "3"]])
    }

    @Test func decodesPlusAndPercent() {
        #expect(
            pairs("name=John+Smith&city=S%C3%A3o%20Paulo&sym=%26%3D%2B") == [
                "name=John Smith", "city=São Paulo", "sym=&=+",
            ]
        )
        #expect(pairs("k%20ey=v") == ["k ey=v"])
        #expect(FormURLEncoded.decode("a%2fb%2Fc") == "a/b/c")
    }

    @Test func keysWithoutValuesAndEmptyPieces() {
        #expect(pairs("flag&x=&=v&&y=1&") == ["flag=", "x=", "=v", "y=1"])
        #expect(pairs("") == [])
        #expect(pairs("a=b=c") == ["a=b=c"])
    }

    @Test func malformedPercentSequencesAreKept() {
        #expect(pairs("a=100%&b=%zz&c=%4") == ["a=100%", "b=%zz", "c=%4"])
        #expect(FormURLEncoded.decode("%FF%FE") == "\u{FFFD}\u{FFFD}")
    }

    @Test func encodes() {
        #expect(
            FormURLEncoded.encode([(name: "name", value: "John Smith"), (name: "q", value: "a&b=c/d~é*-._")])
                == "name=John+Smith&q=a%26b%3Dc%2Fd%7E%C3%A9*-._"
        )
        #expect(FormURLEncoded.encode(["b": ["2", "1"], "a": ["x"]]) == "a=x&b=2&b=1")
        #expect(FormURLEncoded.encode("") == "")
    }

    @Test func roundTrips() {
        let original: [(name: String, value: String)] = [
            (name: "a b", value: "1+1=2"), (name: "a b", value: "%"), (name: "emoji", value: "😀\n"),
            (name: "", value: ""),
        ]
        let decoded = FormURLEncoded.parse(FormURLEncoded.encode(original))
        #expect(decoded.map(\.name) == original.map(\.name))
        #expect(decoded.map(\.value) == original.map(\.value))
    }
}
