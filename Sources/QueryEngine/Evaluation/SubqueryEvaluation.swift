import Cypher
import GraphValue
import Host

/// `EXISTS { ... }`, `COUNT { ... }` and `COLLECT { ... }`, run against the current row.
enum SubqueryEvaluation {
    /// Runs the subquery for `row` and returns its rows. The body may read the row's variables.
    ///
    /// NOTE: The body is planned on every evaluation; a subquery inside a large scan pays that
    /// cost per row.
    static func rows(of query: Query, _ row: Row, _ evaluator: Evaluator, limit: Int?) throws -> [Row] {
        guard query.unions.isEmpty else {
            throw ServerError(.semanticError, "UNION inside EXISTS or COUNT subqueries is not supported")
        }
        let clauses = query.first.clauses
        if clauses.allSatisfy({ if case .match(let match) = $0 { !match.optional } else { false } }) {
            // The short form: only MATCH clauses, which the matcher can stop early.
            var rows = [row]
            for case .match(let match) in clauses {
                var next: [Row] = []
                let matcher = PatternMatcher(context: evaluator.context, evaluator: evaluator)
                for current in rows {
                    let matched = try matcher.match(match.pattern.parts, from: current, limit: nil)
                    guard let predicate = match.predicate else {
                        next += matched
                        continue
                    }
                    next += try matched.filter { try evaluator.isTrue(predicate, $0) }
                }
                rows = next
            }
            return limit.map { Array(rows.prefix($0)) } ?? rows
        }
        return try run(query, row, evaluator).rows
    }

    /// `COLLECT { ... }`: the values of the body's single RETURN column.
    static func collect(_ query: Query, _ row: Row, _ evaluator: Evaluator) throws -> Value {
        let (columns, rows) = try run(query, row, evaluator)
        guard columns.count == 1, let column = columns.first else {
            throw ServerError(.semanticError, "A COLLECT subquery must end with a RETURN of exactly one column")
        }
        return .list(rows.map { $0[column] ?? .null })
    }

    private static func run(_ query: Query, _ row: Row, _ evaluator: Evaluator) throws -> (
        columns: [String], rows: [Row]
    ) {
        guard query.unions.isEmpty else {
            throw ServerError(.semanticError, "UNION inside a subquery expression is not supported")
        }
        let clauses = query.first.clauses
        var planner = SingleQueryPlanner(standalone: false, scope: Array(row.keys))
        let plan = try planner.plan(clauses, final: false)
        var rows = [row]
        for step in plan.operators { rows = try step.execute(rows, evaluator.context) }
        return (plan.columns, rows)
    }
}
