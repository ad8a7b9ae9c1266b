import Cypher
import GraphValue
import Host

/// `EXISTS { ... }`, `COUNT { ... }` and `COLLECT { ... }`, run against the current row.
enum SubqueryEvaluation {
    /// Runs the subquery for `row` and returns how many rows it yields, counting at most
    /// `stopAfter` when given. The body may read the row's variables.
    ///
    /// NOTE: The body is planned on every evaluation; a subquery inside a large scan pays that
    /// cost per row.
    static func count(of query: Query, _ row: Row, _ evaluator: Evaluator, stopAfter: Int?) throws -> Int {
        guard query.unions.isEmpty else {
            throw ServerError(.semanticError, "UNION inside EXISTS or COUNT subqueries is not supported")
        }
        var matches: [Match] = []
        for clause in query.first.clauses {
            guard case .match(let match) = clause, !match.optional else {
                let rows = try run(query, row, evaluator).rows
                return stopAfter.map { min($0, rows.count) } ?? rows.count
            }
            matches.append(match)
        }
        // The short form: only MATCH clauses, which stream, so nothing is held and EXISTS stops
        // at the first match.
        var count = 0
        try stream(matches[...], row, evaluator) { _ in
            count += 1
            return stopAfter.map { count < $0 } ?? true
        }
        return count
    }

    @discardableResult
    private static func stream(
        _ matches: ArraySlice<Match>,
        _ row: Row,
        _ evaluator: Evaluator,
        _ emit: (Row) throws -> Bool
    ) throws -> Bool {
        guard let match = matches.first else { return try emit(row) }
        let matcher = PatternMatcher(context: evaluator.context, evaluator: evaluator)
        return try matcher.match(match.pattern.parts, from: row) { matched in
            if let predicate = match.predicate, try !evaluator.isTrue(predicate, matched) { return true }
            return try stream(matches.dropFirst(), matched, evaluator, emit)
        }
    }

    /// `COLLECT { ... }`: the values of the body's single RETURN column.
    static func collect(_ query: Query, _ row: Row, _ evaluator: Evaluator) throws -> Value {
        let (columns, rows) = try run(query, row, evaluator)
        guard columns.count == 1, let column = columns.first else {
            throw ServerError(.syntaxError, "A COLLECT subquery must end with a RETURN of exactly one column")
        }
        return try Nesting.check(.list(rows.map { $0[column] ?? .null }))
    }

    private static func run(_ query: Query, _ row: Row, _ evaluator: Evaluator) throws -> (
        columns: [String], rows: [Row]
    ) {
        guard query.unions.isEmpty else {
            throw ServerError(.semanticError, "UNION inside a subquery expression is not supported")
        }
        let clauses = query.first.clauses
        var planner = SingleQueryPlanner(
            standalone: false,
            procedures: evaluator.context.procedures,
            scope: Array(row.keys)
        )
        let plan = try planner.plan(clauses, final: false)
        return (plan.columns, try Pipeline.run(plan.operators, [row], evaluator.context))
    }
}
