import GraphValue
import Host

/// Turns the fixed tables of ``TestProcedure`` into procedures.
enum TestProcedureDefinition {
    /// Makes a procedure that yields the outputs of every row whose inputs are equivalent to the
    /// arguments: null finds null, and `1` finds `1.0`, as grouping compares values.
    static func make(_ procedure: TestProcedure) -> ProcedureDefinition {
        let inputCount = procedure.inputs.count
        let rows = procedure.rows
        return ProcedureDefinition(
            name: procedure.name,
            parameters: procedure.inputs.map { .init($0.name, $0.type) },
            outputs: procedure.outputs.map { .init($0.name, $0.type) }
        ) { arguments, context in
            var output: [[Value]] = []
            for row in rows {
                try context.budget.checkpoint()
                let inputs = row.prefix(inputCount)
                if zip(inputs, arguments).allSatisfy({ $0.isEquivalent(to: $1) }) {
                    output.append(Array(row.dropFirst(inputCount)))
                }
            }
            return output
        }
    }
}
