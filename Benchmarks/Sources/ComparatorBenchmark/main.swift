// Compares a generated 1,000-interaction pact with a generated 200-operation OpenAPI document (issue #18's target:
// under 100 ms, the document parsed and its schemas prepared once) and prints the timings.
//
//   swift run -c release --package-path Benchmarks ComparatorBenchmark [--rounds N]

import Foundation
import PactumContracts
import PactumCore

let arguments = CommandLine.arguments
let rounds = arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) } ?? 20

/// 100 resources, each with `GET /resourceN/{id}` (query parameters, a response of nested objects via `$ref` and
/// `allOf`) and `POST /resourceN` (a required JSON request body): 200 operations.
func openAPIDocument(resources: Int) -> String {
    var paths = ""
    var schemas = ""
    for r in 0..<resources {
        paths += """
              /resource\(r)/{id}:
                get:
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: integer, minimum: 1}}
                    - {name: fields, in: query, schema: {type: array, items: {type: string}}}
                    - {name: X-Request-ID, in: header, schema: {type: string, format: uuid}}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Item\(r)"}
                    "404":
                      description: missing
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Error"}
              /resource\(r):
                post:
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: {$ref: "#/components/schemas/NewItem\(r)"}
                  responses:
                    "201":
                      description: created
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Item\(r)"}

            """
        schemas += """
                NewItem\(r):
                  type: object
                  required: [name, price, tags]
                  properties:
                    name: {type: string, minLength: 1, maxLength: 200}
                    price: {type: number, minimum: 0}
                    tags: {type: array, items: {type: string}, maxItems: 20}
                    status: {type: string, enum: [draft, active, retired]}
                    owner: {$ref: "#/components/schemas/Owner"}
                Item\(r):
                  allOf:
                    - $ref: "#/components/schemas/NewItem\(r)"
                    - type: object
                      required: [id, created]
                      properties:
                        id: {type: integer}
                        created: {type: string, format: date-time}
                        lines:
                          type: array
                          items: {$ref: "#/components/schemas/Line"}

            """
    }
    return """
        openapi: 3.0.3
        info: {title: Benchmark, version: "1.0"}
        paths:
        \(paths)
        components:
          schemas:
            Owner:
              type: object
              properties:
                id: {type: integer}
                email: {type: string, format: email}
                nickname: {type: string, nullable: true}
            Line:
              type: object
              required: [sku, quantity]
              properties:
                sku: {type: string, pattern: "^[A-Z]{3}-[0-9]+$"}
                quantity: {type: integer, minimum: 1}
                note: {type: string, nullable: true}
            Error:
              type: object
              required: [error]
              properties:
                error: {type: string}
        \(schemas)
        """
}

/// 1,000 V4 interactions over the 200 operations: reads of items with 5–15 lines, creations, not-found errors; one in
/// fifty breaks its schema (so results are made too).
func pact(interactions: Int, resources: Int) -> JSONValue {
    var list: [JSONValue] = []
    for i in 0..<interactions {
        let r = i % resources
        let owner: JSONValue = ["id": .integer(i), "email": .string("user\(i)@example.com"), "nickname": .null]
        let item: JSONValue = [
            "name": .string("Item \(i)"), "price": .decimal(Double(i % 97) + 0.5), "tags": ["a", "b"],
            "status": "active", "owner": owner,
        ]
        let broken = i % 50 == 49
        var request: [String: JSONValue] = ["method": "GET", "path": .string("/resource\(r)/\(i + 1)")]
        var response: [String: JSONValue] = ["status": 200, "headers": ["Content-Type": ["application/json"]]]
        switch i % 4 {
        case 0, 1:
            var body = item.objectValue!
            body["id"] = .integer(i + 1)
            body["created"] = "2024-05-01T10:00:00Z"
            body["lines"] = .array(
                (0..<(5 + i % 11)).map { n in
                    ["sku": .string(broken && n == 0 ? "bad" : "ABC-\(n)"), "quantity": .integer(n + 1), "note": .null]
                }
            )
            request["query"] = ["fields": ["name", "price"]]
            request["headers"] = [
                "X-Request-ID": [.string("0b7e3f5e-8d0c-4f5c-9a43-8a1f7e9a1c\(String(format: "%02d", i % 100))")]
            ]
            response["body"] = ["content": .object(body), "contentType": "application/json", "encoded": false]
        case 2:
            request = [
                "method": "POST", "path": .string("/resource\(r)"),
                "headers": ["Content-Type": ["application/json"]],
                "body": ["content": broken ? ["name": ""] : item, "contentType": "application/json", "encoded": false],
            ]
            var body = item.objectValue!
            body["id"] = .integer(i + 1)
            body["created"] = "2024-05-01T10:00:00Z"
            response["status"] = 201
            response["body"] = ["content": .object(body), "contentType": "application/json", "encoded": false]
        default:
            response["status"] = 404
            response["body"] = ["content": ["error": "not found"], "contentType": "application/json", "encoded": false]
        }
        list.append([
            "type": "Synchronous/HTTP", "description": .string("interaction \(i)"), "request": .object(request),
            "response": .object(response),
        ])
    }
    return [
        "consumer": ["name": "BenchmarkConsumer"], "provider": ["name": "BenchmarkProvider"],
        "metadata": ["pactSpecification": ["version": "4.0"]], "interactions": .array(list),
    ]
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

let clock = ContinuousClock()
let document = openAPIDocument(resources: 100)
let pactData = Data(JSONWriter.compact(pact(interactions: 1000, resources: 100)).utf8)

var comparator: ContractComparator?
let parse = clock.measure { comparator = try! ContractComparator(openAPI: document) }
var results: [ContractComparisonResult] = []
let first = clock.measure { results = try! comparator!.compare(pact: pactData) }
var samples: [Double] = []
for _ in 0..<rounds {
    samples.append(milliseconds(clock.measure { results = try! comparator!.compare(pact: pactData) }))
}
samples.sort()
print(
    "document: 200 operations, \(document.utf8.count / 1024) KB of YAML; pact: 1000 interactions, \(pactData.count / 1024) KB"
)
print("results: \(results.count) (\(results.errors.count) errors, \(results.warnings.count) warnings)")
print(String(format: "parse the document: %.1f ms", milliseconds(parse)))
print(String(format: "first comparison (schemas prepared on the way): %.1f ms", milliseconds(first)))
print(
    String(
        format: "comparison, %d rounds: median %.1f ms, min %.1f ms, max %.1f ms",
        rounds,
        samples[samples.count / 2],
        samples[0],
        samples[samples.count - 1]
    )
)
