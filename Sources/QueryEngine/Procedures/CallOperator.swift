import Cypher
import GraphValue
import Host

/// `CALL procedure(arguments) [YIELD ...]`: a row per procedure row, joined to each input row.
struct CallOperator: Operator {
    let procedure: ProcedureDefinition
    let arguments: [Expression]
    /// Procedure output fields and the variable each binds.
    let bindings: [(field: String, variable: String)]
    let predicate: Expression?
    var description: String { "ProcedureCall(\(procedure.name))" }

    /// A procedure that writes runs only after the clauses before it have finished, as updating
    /// clauses do; a read-only one streams.
    func makeConsumer(_ context: ExecutionContext, downstream: any RowConsumer) throws -> any RowConsumer {
        let evaluator = Evaluator(context)
        guard procedure.writes else {
            return StreamingConsumer(context: context, downstream: downstream) { row, emit in
                try call(row, evaluator, emit)
            }
        }
        return EagerConsumer(context: context, downstream: downstream) { rows in
            var output: [Row] = []
            for row in rows {
                try call(row, evaluator) { extended in
                    output.append(extended)
                    try context.budget.checkCount(output.count)
                    return true
                }
            }
            return output
        }
    }

    /// Runs the procedure for one input row and emits its rows joined to the input row. A VOID
    /// procedure, one without outputs, passes the input row on once.
    @discardableResult
    private func call(_ row: Row, _ evaluator: Evaluator, _ emit: (Row) throws -> Bool) throws -> Bool {
        let values = try arguments.map { try evaluator.evaluate($0, row) }
        try checkTypes(values)
        let results = try procedure.body(values, evaluator.context)
        if procedure.outputs.isEmpty { return try emit(row) }
        for result in results {
            var extended = row
            for (field, variable) in bindings {
                guard let index = procedure.outputNames.firstIndex(of: field) else { continue }
                extended[variable] = result[index]
            }
            if let predicate, try !evaluator.isTrue(predicate, extended) { continue }
            if try !emit(extended) { return false }
        }
        return true
    }

    /// Rejects an argument whose runtime value does not match its parameter's type; literal
    /// arguments were checked when the call was planned.
    private func checkTypes(_ values: [Value]) throws(ServerError) {
        for (value, parameter) in zip(values, procedure.parameters) where !parameter.type.accepts(value) {
            throw ServerError(
                .procedureCallFailed,
                "Failed to invoke procedure `\(procedure.name)`: the argument `\(parameter.name)` must be "
                    + "\(parameter.type), but was \(value.typeName)."
            )
        }
    }
}
