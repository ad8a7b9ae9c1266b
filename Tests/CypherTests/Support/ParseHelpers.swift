import Cypher
import Host
import Testing

/// Parses `text` and returns its query, failing the test for any other statement.
func parseQuery(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Query {
    let statement = try CypherParser.parse(text)
    guard case .query(let query) = statement else {
        Issue.record("expected a query, got \(statement)", sourceLocation: sourceLocation)
        throw ServerError(.unknownError, "not a query")
    }
    return query
}

/// Parses `RETURN <text>` and returns the expression of its only item.
func parseExpression(_ text: String) throws -> Expression {
    let query = try parseQuery("RETURN " + text)
    guard case .return(let ret) = query.first.clauses.first, let item = ret.projection.items.first else {
        throw ServerError(.unknownError, "no return item")
    }
    return item.expression
}

/// Returns the clauses of the first single query of `text`.
func parseClauses(_ text: String) throws -> [Clause] {
    try parseQuery(text).first.clauses
}

/// Returns the error of parsing `text`, or nil when it parses.
func parseError(_ text: String) -> ServerError? {
    do {
        _ = try CypherParser.parse(text)
        return nil
    } catch {
        return error
    }
}

func variable(_ name: String) -> Expression { .variable(name) }
func integer(_ value: Int64) -> Expression { .literal(.integer(value)) }
func string(_ value: String) -> Expression { .literal(.string(value)) }
