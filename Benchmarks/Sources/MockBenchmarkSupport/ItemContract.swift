import PactumCore
import PactumTesting

/// The interactions of the mock server benchmarks: interaction `i` is a GET of item `i`, defined through the
/// consumer DSL exactly as a consumer test would.
///
/// `reference/mock_benchmark.py` defines the same interactions with pact-python (`item_interaction`): keep the
/// two in step.
public enum ItemContract {
    public static let consumer = "BenchmarkItemsApp"
    public static let provider = "BenchmarkItemsAPI"

    /// Interaction `index`: `GET /items/<index>?fields=summary` with `Accept: application/json`, answered with a
    /// 200 JSON body under integer, type, decimal, regex and eachLike rules.
    public static func interaction(_ index: Int) -> PactInteraction {
        PactInteraction("a request for item \(index)")
            .given("item \(index) exists")
            .withRequest(
                "GET",
                "/items/\(index)",
                query: ["fields": "summary"],
                headers: ["Accept": "application/json"]
            )
            .willRespondWith(
                status: 200,
                body: [
                    "id": .integer(index),
                    "name": .string("Item \(index)"),
                    "price": .decimal(9.99),
                    "updated": .regex("\\d{4}-\\d{2}-\\d{2}", example: "2024-01-01"),
                    "tags": .eachLike(.string("tag"), min: 1),
                ]
            )
    }

    /// Interactions 0..<count.
    public static func interactions(_ count: Int) -> [PactInteraction] {
        (0..<count).map(interaction)
    }

    /// The request a consumer sends for interaction `index`.
    public static func request(_ index: Int) -> WireRequest {
        WireRequest(
            method: "GET",
            target: "/items/\(index)?fields=summary",
            headers: [("Accept", "application/json")]
        )
    }
}
