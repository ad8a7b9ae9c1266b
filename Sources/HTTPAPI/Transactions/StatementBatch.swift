import GraphValue
import HTTPServer
import Host
import JSON

/// One statement of a request body, validated.
struct StatementRequest: Sendable {
    let text: String
    let parameters: [String: Value]
    let format: ResultFormat
}

/// The body of every transactional request:
/// `{"statements": [{"statement", "parameters", "resultDataContents", "includeStats"}]}`.
///
/// Validation is strict, so a client learns of a mistake instead of getting a different result:
/// unknown members are rejected at both levels, and a wrong type is a 400 `InvalidFormat` that
/// names the member, for example `statements[2].parameters`. An empty body, a missing
/// `statements` and an empty list all mean no statements.
enum StatementBatch {
    static let bodyMembers: Set<String> = ["statements"]
    static let statementMembers: Set<String> = ["statement", "parameters", "resultDataContents", "includeStats"]

    static func parse(_ request: HTTPRequest) throws(ServerError) -> [StatementRequest] {
        let body = try request.jsonObject()
        try BodyField.refuseUnknown(body, allowed: bodyMembers)
        let entries: [JSONValue]
        switch body["statements"] {
        case nil, .null?: return []
        case .array(let elements)?: entries = elements
        case let value?: throw .invalidRequest("The field 'statements' must be an array, not \(value.typeName).")
        }
        var statements: [StatementRequest] = []
        statements.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            statements.append(try statement(entry, name: "statements[\(index)]"))
        }
        return statements
    }

    private static func statement(_ entry: JSONValue, name: String) throws(ServerError) -> StatementRequest {
        guard case .object(let members) = entry else {
            throw .invalidRequest("The field '\(name)' must be an object, not \(entry.typeName).")
        }
        if let unknown = members.keys.sorted().first(where: { !statementMembers.contains($0) }) {
            let allowed = statementMembers.sorted().joined(separator: ", ")
            throw .invalidRequest("Unknown field '\(name).\(unknown)'; a statement takes \(allowed).")
        }
        guard case .string(let text)? = members["statement"] else {
            let found = members["statement"].map { "not \($0.typeName)" } ?? "but it is missing"
            throw .invalidRequest("The field '\(name).statement' must be a string, \(found).")
        }
        let parameters: [String: Value]
        switch members["parameters"] {
        case nil, .null?: parameters = [:]
        case .object(let values)?: parameters = ParameterDecoding.parameters(values)
        case let value?:
            throw .invalidRequest("The field '\(name).parameters' must be an object, not \(value.typeName).")
        }
        let includeStats: Bool
        switch members["includeStats"] {
        case nil, .null?: includeStats = false
        case .bool(let flag)?: includeStats = flag
        case let value?:
            throw .invalidRequest("The field '\(name).includeStats' must be a boolean, not \(value.typeName).")
        }
        let (row, graph) = try contents(members["resultDataContents"], name: "\(name).resultDataContents")
        return StatementRequest(
            text: text,
            parameters: parameters,
            format: ResultFormat(row: row, graph: graph, includeStats: includeStats)
        )
    }

    /// Reads which forms `resultDataContents` requests. Absent, null or empty means `row` alone,
    /// and names are case-insensitive, as in Neo4j.
    private static func contents(_ value: JSONValue?, name: String) throws(ServerError) -> (row: Bool, graph: Bool) {
        let elements: [JSONValue]
        switch value {
        case nil, .null?: return (true, false)
        case .array(let values)?: elements = values
        case let value?: throw .invalidRequest("The field '\(name)' must be an array, not \(value.typeName).")
        }
        var row = false
        var graph = false
        for element in elements {
            switch element.stringValue?.lowercased() {
            case "row"?: row = true
            case "graph"?: graph = true
            default:
                throw .invalidRequest("The field '\(name)' may contain only \"row\" and \"graph\".")
            }
        }
        return row || graph ? (row, graph) : (true, false)
    }
}
