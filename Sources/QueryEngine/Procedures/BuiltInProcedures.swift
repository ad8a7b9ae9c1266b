import GraphValue
import Host

/// The procedures every server has, which tools and drivers call when they connect.
enum BuiltInProcedures {
    /// The server version and edition that `dbms.components()` reports, which drivers read.
    static let kernelVersion = "5.26.0"

    private static let string = ProcedureType(.string, nullable: true)
    private static let integer = ProcedureType(.integer, nullable: true)
    private static let float = ProcedureType(.float, nullable: true)
    private static let strings = ProcedureType(.list(string), nullable: true)

    static let all: [ProcedureDefinition] = [
        ProcedureDefinition(name: "db.labels", outputs: [.init("label", string)]) { _, context in
            try context.transaction.labels().sorted().map { [.string($0)] }
        },
        ProcedureDefinition(name: "db.relationshipTypes", outputs: [.init("relationshipType", string)]) { _, context in
            try context.transaction.relationshipTypes().sorted().map { [.string($0)] }
        },
        ProcedureDefinition(name: "db.propertyKeys", outputs: [.init("propertyKey", string)]) { _, context in
            try context.transaction.propertyKeys().sorted().map { [.string($0)] }
        },
        ProcedureDefinition(name: "db.indexes", outputs: indexColumns.map { .init($0.name, $0.type) }) { _, context in
            try IndexTable.rows(context).map { row in
                // Every index in this store is a plain range index, owned by no constraint.
                let uniqueness: Value = (row["owningConstraint"] ?? .null).isNull ? "NONUNIQUE" : "UNIQUE"
                return indexColumns.map { column in column.source.map { row[$0] ?? .null } ?? uniqueness }
            }
        },
        ProcedureDefinition(
            name: "dbms.components",
            outputs: [.init("name", string), .init("versions", strings), .init("edition", string)]
        ) { _, _ in
            [[.string("Neo4j Kernel"), .list([.string(kernelVersion)]), .string("community")]]
        },
        ProcedureDefinition(
            name: "dbms.showCurrentUser",
            outputs: [.init("username", string), .init("roles", strings), .init("flags", strings)]
        ) { _, context in
            // A statement run outside a session, such as by an engine test, has no user.
            guard let identity = context.identity else { return [] }
            let flags: [Value] = identity.credentialsExpired ? ["password_change_required"] : []
            return [[.string(identity.principal), .list(identity.roles.map(Value.string)), .list(flags)]]
        },
    ]

    /// The columns of `db.indexes()` as Neo4j 4.4 lists them, each with the `SHOW INDEXES`
    /// column it is read from; `uniqueness` has none and is derived from `owningConstraint`.
    private static let indexColumns: [(name: String, type: ProcedureType, source: String?)] = [
        ("id", integer, "id"), ("name", string, "name"), ("state", string, "state"),
        ("populationPercent", float, "populationPercent"), ("uniqueness", string, nil),
        ("type", string, "type"), ("entityType", string, "entityType"), ("labelsOrTypes", strings, "labelsOrTypes"),
        ("properties", strings, "properties"), ("provider", string, "indexProvider"),
    ]
}
