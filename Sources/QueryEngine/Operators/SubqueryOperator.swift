import Cypher
import GraphValue
import Host

/// `CALL { ... }`: runs the body once per input row, seeded with the imported variables.
///
/// A body ending in RETURN joins each input row with the rows it returns, so an input row with
/// no results drops out. A body without RETURN passes each input row on unchanged.
struct SubqueryOperator: Operator {
    let imported: [String]
    let body: [any Operator]
    /// The body's RETURN columns; empty for a unit subquery.
    let columns: [String]
    /// True when the body updates the graph; it then runs only after the clauses before it
    /// have finished, as an updating clause does.
    let writes: Bool
    var description: String { "Subquery" }

    func makeConsumer(_ context: ExecutionContext, downstream: any RowConsumer) throws -> any RowConsumer {
        guard writes else {
            return StreamingConsumer(context: context, downstream: downstream) { row, emit in
                try run(row, context, emit)
            }
        }
        return EagerConsumer(context: context, downstream: downstream) { rows in
            var output: [Row] = []
            for row in rows {
                try run(row, context) { joined in
                    output.append(joined)
                    try context.budget.checkCount(output.count)
                    return true
                }
            }
            return output
        }
    }

    /// Runs the body for one input row and emits the input row joined with each body row.
    @discardableResult
    private func run(_ row: Row, _ context: ExecutionContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        var seed: Row = [:]
        for name in imported { seed[name] = row[name] ?? .null }
        let inner = try Pipeline.run(body, [seed], context)
        if columns.isEmpty { return try emit(row) }
        for result in inner {
            var joined = row
            for name in columns { joined[name] = result[name] ?? .null }
            if try !emit(joined) { return false }
        }
        return true
    }
}

extension SingleQueryPlanner {
    // NOTE: `IN TRANSACTIONS` runs the body inside the caller's transaction, without the
    // intermediate commits Neo4j makes.
    mutating func planSubquery(_ call: SubqueryCall) throws(ServerError) {
        guard call.query.unions.isEmpty else {
            throw ServerError(.semanticError, "UNION inside CALL { ... } is not supported by this server")
        }
        let imported = try importedVariables(of: call)
        var inner = SingleQueryPlanner(standalone: false, procedures: procedures, scope: imported)
        let plan = try inner.plan(call.query.first.clauses, final: true)
        for column in plan.columns where scope.contains(column) {
            throw ServerError(.syntaxError, "Variable `\(column)` already declared")
        }
        writes = writes || plan.writes
        operators.append(
            SubqueryOperator(imported: imported, body: plan.operators, columns: plan.columns, writes: plan.writes)
        )
        introduce(plan.columns)
    }

    /// Returns the variables of the scope clause `CALL (a, b)` or `CALL (*)`, or else the plain
    /// variables of a leading `WITH`, which is how Neo4j 4 imported variables.
    private func importedVariables(of call: SubqueryCall) throws(ServerError) -> [String] {
        if call.importsAll { return scope }
        if let names = call.importedVariables {
            for name in names where !scope.contains(name) {
                throw ServerError(.syntaxError, "Variable `\(name)` not defined")
            }
            return names
        }
        guard case .with(let with) = call.query.first.clauses.first else { return [] }
        if with.projection.includesAll { return scope }
        return with.projection.items.compactMap { item in
            guard case .variable(let name) = item.expression, scope.contains(name) else { return nil }
            return name
        }
    }
}
