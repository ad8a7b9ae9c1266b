import Foundation
import HTTPServer
import Host
import JSON
import JWTAuth
import Testing

@testable import HTTPAPI

/// Request bodies and shortcuts for the transactional endpoint tests.
enum TX {
    /// `{"statements": [{"statement": text, "parameters": …}, …]}`.
    static func body(_ statements: String..., parameters: JSONValue? = nil) -> JSONValue {
        var entries: [JSONValue] = []
        for text in statements {
            var entry: [String: JSONValue] = ["statement": .string(text)]
            if let parameters { entry["parameters"] = parameters }
            entries.append(.object(entry))
        }
        return ["statements": .array(entries)]
    }

    /// Builds a body of one statement with the given extra members.
    static func statement(_ text: String, _ members: [String: JSONValue]) -> JSONValue {
        var entry = members
        entry["statement"] = .string(text)
        return ["statements": [.object(entry)]]
    }

    /// Returns the last path segment of the `Location` header of a 201 reply: the transaction id.
    static func id(_ reply: Reply) -> String? {
        reply.header("location").flatMap { $0.split(separator: "/").last.map(String.init) }
    }

    static func results(_ reply: Reply) -> [JSONValue] {
        guard case .array(let results)? = reply.json?["results"] else { return [] }
        return results
    }

    static func errors(_ reply: Reply) -> [JSONValue] {
        guard case .array(let errors)? = reply.json?["errors"] else { return [] }
        return errors
    }

    /// Returns the rows of the `index`th result, each the array of its `row`.
    static func rows(_ reply: Reply, result index: Int = 0) -> [[JSONValue]] {
        let results = results(reply)
        guard index < results.count, case .array(let data)? = results[index]["data"] else { return [] }
        return data.map { entry in
            guard case .array(let row)? = entry["row"] else { return [] }
            return row
        }
    }
}

extension APIFixture {
    /// Counts the nodes that a fresh transaction of the admin can read.
    func nodeCount() async -> Int64? {
        let reply = await send(
            "POST",
            "/db/nornic/tx/commit",
            body: TX.body("MATCH (n) RETURN count(n) AS c"),
            authorization: adminAuthorization
        )
        guard case .integer(let count)? = TX.rows(reply).first?.first else { return nil }
        return count
    }

    /// Builds a bearer header with a login JWT for `name`, signed with the fixture's secret.
    func bearer(for name: String) throws -> String {
        let account = try #require(accounts.account(named: name))
        let signer = JWTSigner(keys: try JWTKeySet(current: Self.jwtSecret))
        return "Bearer " + signer.signToken(for: account, now: UnixTime.now(), lifetime: 600)
    }

    /// Sends a request to `endpoints` the way ``HTTPAPI/handle(_:)`` routes `/db/…` paths, for
    /// endpoints built with other limits than the API's own.
    func send(
        to endpoints: TransactionEndpoints,
        _ method: String,
        _ path: String,
        body: JSONValue? = nil,
        authorization: String?
    ) async -> Reply {
        var headers: [(name: String, value: String)] = []
        if let authorization { headers.append(("authorization", authorization)) }
        if body != nil { headers.append(("content-type", "application/json")) }
        let request = HTTPRequest(method: method, path: path, headers: headers, body: body?.serialized ?? [])
        let context = RequestContext(
            request: request,
            segments: PathSegments.decode(path) ?? [],
            logger: api.context.logger,
            baseURL: "http://127.0.0.1:7474",
            hostName: "127.0.0.1"
        )
        return Reply(await endpoints.handle(context))
    }
}
