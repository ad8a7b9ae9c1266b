import Host

extension Analyzer {
    /// Rejects an updating clause anywhere in the body of an `EXISTS`, `COUNT` or `COLLECT`
    /// subquery, including its `CALL { ... }` subqueries, as Neo4j 5 does: an expression must
    /// not write, and a query whose only writes sit in an expression would report itself as a read.
    ///
    /// - Parameter kind: the subquery keyword, `EXISTS`, `COUNT` or `COLLECT`.
    func checkNoUpdates(in query: Query, kind: String) throws(ServerError) {
        guard let clause = Self.updatingClause(in: query) else { return }
        throw ServerError(
            .syntaxError,
            "\(kind) subqueries cannot contain updating clauses, but this one contains \(clause). "
                + "Move the update out of the expression, for example into CALL { ... }."
        )
    }

    /// Returns the keyword of the first updating clause in `query`, or nil when it only reads.
    static func updatingClause(in query: Query) -> String? {
        for single in query.singleQueries {
            for clause in single.clauses {
                if let name = updatingClause(clause) { return name }
            }
        }
        return nil
    }

    private static func updatingClause(_ clause: Clause) -> String? {
        switch clause {
        case .create: "CREATE"
        case .merge: "MERGE"
        case .set: "SET"
        case .remove: "REMOVE"
        case .delete(let delete): delete.detach ? "DETACH DELETE" : "DELETE"
        case .foreach: "FOREACH"
        case .subquery(let call): updatingClause(in: call.query)
        case .match, .unwind, .call, .with, .return: nil
        }
    }
}
