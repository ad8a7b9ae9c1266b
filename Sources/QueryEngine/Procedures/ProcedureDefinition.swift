import GraphValue
import Host

/// A procedure that `CALL` can run: its signature and the rows it yields.
struct ProcedureDefinition: Sendable {
    typealias Body = @Sendable (_ arguments: [Value], _ context: ExecutionContext) throws -> [[Value]]

    /// An input or output field of the signature.
    struct Field: Sendable {
        let name: String
        let type: ProcedureType

        init(_ name: String, _ type: ProcedureType) {
            self.name = name
            self.type = type
        }
    }

    let name: String
    let parameters: [Field]
    let outputs: [Field]
    let writes: Bool
    /// Returns the output rows for arguments that match the parameter types, each row holding
    /// one value per output field. A procedure without outputs (a VOID procedure) returns no rows.
    let body: Body

    init(name: String, parameters: [Field] = [], outputs: [Field], writes: Bool = false, body: @escaping Body) {
        self.name = name
        self.parameters = parameters
        self.outputs = outputs
        self.writes = writes
        self.body = body
    }

    var outputNames: [String] { outputs.map(\.name) }
}
