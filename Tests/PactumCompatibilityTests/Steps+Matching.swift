import Foundation
import PactumCore

/// Steps of `V3/http_matching`, `V3/matching_rules` and `V4/matching_rules`: an expected request or
/// response is compared with received ones by `PactMatcher`.
extension Steps {
    static let matching: [StepDefinition] = [
        StepDefinition("an expected request with an? \(StepRegistry.string) header of \(StepRegistry.string)") {
            world,
            arguments in
            var headers = world.expectedRequest.headers ?? [:]
            headers.setHeader(arguments[0], [arguments[1]])
            world.expectedRequest.headers = headers
        },
        StepDefinition("a request is received with an? \(StepRegistry.string) header of \(StepRegistry.string)") {
            world,
            arguments in
            world.receivedRequests.append(
                HTTPRequest(method: "GET", path: "/", headers: [arguments[0]: [arguments[1]]])
            )
        },
        StepDefinition("an expected request configured with the following:") { world, arguments in
            world.expectedRequest = try configuredRequest(try arguments.firstTableRow(), world: world, expected: true)
        },
        StepDefinition("a request is received with the following:") { world, arguments in
            world.receivedRequests.append(
                try configuredRequest(try arguments.firstTableRow(), world: world, expected: false)
            )
        },
        StepDefinition("the following requests are received:") { world, arguments in
            for row in try arguments.tableRows() {
                world.receivedRequests.append(try configuredRequest(row, world: world, expected: false))
            }
        },
        StepDefinition("the requests? (?:is|are) compared to the expected one") { world, _ in
            guard !world.receivedRequests.isEmpty else { throw StepFailure("no request was received") }
            world.requestMismatches = world.receivedRequests.map {
                PactMatcher.match(expected: world.expectedRequest, actual: $0)
            }
        },
        StepDefinition("the comparison should be OK") { world, _ in
            try expectOK(world.requestMismatches)
        },
        StepDefinition("the comparison should NOT be OK") { world, _ in
            try expectNotOK(world.requestMismatches)
        },
        StepDefinition(
            "the mismatches will contain a mismatch with error \(StepRegistry.string) -> \(StepRegistry.string)"
        ) {
            world,
            arguments in
            try expectMismatch(in: world.requestMismatches.flatMap { $0 }, path: arguments[0], error: arguments[1])
        },

        // V4 responses
        StepDefinition("an expected response configured with the following:") { world, arguments in
            let row = try arguments.firstTableRow()
            var response = HTTPResponse()
            if let status = row["status"] {
                guard let code = Int(status) else { throw StepFailure("'\(status)' is not a status code") }
                response.status = code
            }
            if let headers = row["headers"], !headers.isEmpty { response.headers = Fixtures.headers(headers) }
            if let body = row["body"], !body.isEmpty {
                response.body = try world.fixtures.body(body, contentType: row["content type"])
                var headers = response.headers ?? [:]
                headers.setHeader("Content-Type", [response.body.contentType ?? "text/plain"])
                response.headers = headers
            }
            if let rules = row["matching rules"], !rules.isEmpty {
                response.matchingRules = try world.fixtures.matchingRules(rules)
            }
            world.expectedResponse = response
        },
        StepDefinition("a status (\\d+) response is received") { world, arguments in
            world.receivedResponses.append(HTTPResponse(status: try arguments.integer(0)))
        },
        StepDefinition("the response is compared to the expected one") { world, _ in
            guard !world.receivedResponses.isEmpty else { throw StepFailure("no response was received") }
            world.responseMismatches = world.receivedResponses.map {
                PactMatcher.match(expected: world.expectedResponse, actual: $0)
            }
        },
        StepDefinition("the response comparison should be OK") { world, _ in
            try expectOK(world.responseMismatches)
        },
        StepDefinition("the response comparison should NOT be OK") { world, _ in
            try expectNotOK(world.responseMismatches)
        },
        StepDefinition(
            "the response mismatches will contain a \(StepRegistry.string) mismatch with error \(StepRegistry.string)"
        ) {
            world,
            arguments in
            try expectMismatch(in: world.responseMismatches.flatMap { $0 }, type: arguments[0], error: arguments[1])
        },
    ]

    /// A request from a table row with `body`, `content type`, `query`, `headers` and `matching rules` columns.
    static func configuredRequest(
        _ row: [String: String],
        world: ScenarioWorld,
        expected: Bool
    ) throws
        -> HTTPRequest
    {
        var request = HTTPRequest(method: "GET", path: "/")
        if let body = row["body"], !body.isEmpty {
            request.body = try world.fixtures.body(body, contentType: row["content type"])
            var headers = request.headers ?? [:]
            headers.setHeader("Content-Type", [row["content type"] ?? request.body.contentType ?? "text/plain"])
            request.headers = headers
        }
        if let query = row["query"], !query.isEmpty { request.query = QueryString.parse(query) }
        if let headers = row["headers"], !headers.isEmpty {
            var merged = request.headers ?? [:]
            for (name, values) in Fixtures.headers(headers) { merged.setHeader(name, values) }
            request.headers = merged
        }
        if expected, let rules = row["matching rules"], !rules.isEmpty {
            request.matchingRules = try world.fixtures.matchingRules(rules)
        }
        return request
    }

    static func expectOK(_ results: [[Mismatch]]) throws(StepFailure) {
        guard !results.isEmpty else { throw StepFailure("nothing was compared") }
        let mismatches = results.flatMap { $0 }
        guard mismatches.isEmpty else {
            throw StepFailure("expected no mismatches, but there were: \(mismatches.map(\.description))")
        }
    }

    static func expectNotOK(_ results: [[Mismatch]]) throws(StepFailure) {
        guard !results.isEmpty else { throw StepFailure("nothing was compared") }
        if results.allSatisfy(\.isEmpty) { throw StepFailure("expected mismatches, but everything matched") }
    }

    /// A mismatch at `path` (a body path, header, query parameter or metadata name) whose message says what
    /// `error` says (see `MismatchWording`).
    static func expectMismatch(in mismatches: [Mismatch], path: String, error: String) throws(StepFailure) {
        let found = mismatches.contains {
            MismatchWording.samePath($0.path, path) && MismatchWording.says($0.message, error)
        }
        if !found {
            let reasons = mismatches.filter { MismatchWording.samePath($0.path, path) }.compactMap {
                MismatchWording.difference($0.message, error)
            }
            throw StepFailure(
                "no mismatch at '\(path)' with error '\(error)'; the mismatches were: \(mismatches.map(\.description))"
                    + (reasons.isEmpty ? "" : "; at that path: \(reasons)")
            )
        }
    }

    /// A mismatch of a part (`query`, `header`, `body`, `body-content-type`, `status`, …) whose message says
    /// what `error` says.
    static func expectMismatch(
        in mismatches: [Mismatch],
        type: String,
        path: String? = nil,
        error: String
    )
        throws(StepFailure)
    {
        let part: Mismatch.Part
        switch type {
        case "query": part = .query
        case "header": part = .header
        case "body": part = .body
        case "body-content-type": part = .bodyType
        case "status": part = .status
        case "path": part = .path
        case "method": part = .method
        case "metadata": part = .metadata
        default: throw StepFailure("unknown mismatch type '\(type)'")
        }
        let found = mismatches.contains { mismatch in
            guard mismatch.part == part else { return false }
            if let path, !MismatchWording.samePath(mismatch.path, path) { return false }
            return MismatchWording.says(mismatch.message, error)
        }
        if !found {
            let location = path.map { " at '\($0)'" } ?? ""
            let reasons = mismatches.filter { $0.part == part }.compactMap {
                MismatchWording.difference($0.message, error)
            }
            throw StepFailure(
                "no \(type) mismatch\(location) with error '\(error)'; the mismatches were: \(mismatches.map(\.description))"
                    + (reasons.isEmpty ? "" : "; of that part: \(reasons)")
            )
        }
    }
}
