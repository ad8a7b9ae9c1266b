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

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        var output: [Row] = []
        for row in rows {
            let values = try arguments.map { try evaluator.evaluate($0, row) }
            for result in try procedure.body(values, context) {
                var extended = row
                for (field, variable) in bindings {
                    guard let index = procedure.outputs.firstIndex(of: field) else { continue }
                    extended[variable] = result[index]
                }
                if let predicate, try !evaluator.isTrue(predicate, extended) { continue }
                output.append(extended)
            }
        }
        return output
    }
}
