import GraphValue
import Host

/// A built-in procedure: its output columns and the rows it yields.
struct ProcedureDefinition: Sendable {
    typealias Body = @Sendable (_ arguments: [Value], _ context: ExecutionContext) throws -> [[Value]]

    let name: String
    let parameters: [String]
    let outputs: [String]
    let writes: Bool
    let body: Body
}

extension ServerError.Status {
    static let procedureNotFound = Self(
        code: "Neo.ClientError.Procedure.ProcedureNotFound",
        gqlStatus: "42N08",
        gqlDescription: "error: syntax error or access rule violation - no such procedure"
    )
}

/// The procedures `CALL` can run, keyed by their dotted name in lower case.
enum ProcedureRegistry {
    /// The server version and edition that `dbms.components()` reports, which drivers read.
    static let kernelVersion = "5.26.0"

    static let procedures: [String: ProcedureDefinition] = {
        let all = [
            ProcedureDefinition(name: "db.labels", parameters: [], outputs: ["label"], writes: false) { _, context in
                try context.transaction.labels().sorted().map { [.string($0)] }
            },
            ProcedureDefinition(
                name: "db.relationshipTypes",
                parameters: [],
                outputs: ["relationshipType"],
                writes: false
            ) { _, context in
                try context.transaction.relationshipTypes().sorted().map { [.string($0)] }
            },
            ProcedureDefinition(name: "db.propertyKeys", parameters: [], outputs: ["propertyKey"], writes: false) {
                _,
                context in
                try context.transaction.propertyKeys().sorted().map { [.string($0)] }
            },
            ProcedureDefinition(
                name: "dbms.components",
                parameters: [],
                outputs: ["name", "versions", "edition"],
                writes: false
            ) { _, _ in
                [[.string("Neo4j Kernel"), .list([.string(kernelVersion)]), .string("community")]]
            },
        ]
        return Dictionary(all.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }()

    static func procedure(named name: String) throws(ServerError) -> ProcedureDefinition {
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
