import GraphValue
import Host

extension ServerError.Status {
    static let procedureNotFound = Self(
        code: "Neo.ClientError.Procedure.ProcedureNotFound",
        gqlStatus: "42N08",
        gqlDescription: "error: syntax error or access rule violation - no such procedure"
    )
    static let procedureCallFailed = Self(
        code: "Neo.ClientError.Procedure.ProcedureCallFailed",
        gqlStatus: "52N37",
        gqlDescription: "error: procedure exception - procedure execution error"
    )
}

/// The procedures `CALL` can run, keyed by their dotted name in lower case.
struct ProcedureRegistry: Sendable {
    private let procedures: [String: ProcedureDefinition]

    /// The built-in procedures only.
    static let builtIn = ProcedureRegistry(BuiltInProcedures.all)

    /// Keeps the first definition of each name, compared without regard to case.
    init(_ definitions: [ProcedureDefinition]) {
        procedures = Dictionary(definitions.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The built-in procedures and the given test procedures; a test procedure never replaces a
    /// built-in one of the same name.
    init(testProcedures: [TestProcedure]) {
        self.init(BuiltInProcedures.all + testProcedures.map(TestProcedureDefinition.make))
    }

    func procedure(named name: String) throws(ServerError) -> ProcedureDefinition {
        guard let procedure = procedures[name.lowercased()] else {
            throw ServerError(
                .procedureNotFound,
                "There is no procedure with the name `\(name)` registered for this database instance. "
                    + "Please ensure you've spelled the procedure name correctly "
                    + "and that the procedure is properly deployed."
            )
        }
        return procedure
    }
}
