import Cypher
import GraphValue
import Host

/// What ``CypherEngine/prepare(_:)`` stores in `PreparedStatement.plan`.
struct CompiledStatement: Sendable {
    enum Body: Sendable {
        case query(QueryPlan)
        case schema(SchemaPlan)
        /// Kept as parsed, because names and passwords may be parameters known only at run time.
        case administration(AdministrationStatement)
    }

    let body: Body
    /// `EXPLAIN` or `PROFILE` before a query; always `.normal` for other statements.
    var mode = ExecutionMode.normal

    /// Compiles a parsed statement, raising the semantic errors Neo4j raises before running.
    static func compile(_ statement: Statement, mode: ExecutionMode, procedures: ProcedureRegistry) throws(ServerError)
        -> (CompiledStatement, PreparedStatement.Kind)
    {
        switch statement {
        case .query(let query):
            let plan = try QueryPlanner.plan(query, procedures: procedures)
            return (CompiledStatement(body: .query(plan), mode: mode), .query)
        case .schema(let command):
            return (CompiledStatement(body: .schema(try SchemaPlan(command))), .schema)
        case .administration(let administration):
            // The gate and the host read the command's case; parameters get placeholder values
            // here and their real values from `resolveAdministration` at run time.
            let placeholders = AdministrationParameters.names(in: administration).reduce(into: [String: Value]()) {
                $0[$1] = .string("")
            }
            let command = try administration.resolve(parameters: placeholders)
            return (CompiledStatement(body: .administration(administration)), .administration(command))
        }
    }
}

/// Finds the parameters that administration statements use for names and passwords.
enum AdministrationParameters {
    static func names(in subject: Any) -> [String] {
        if let name = subject as? AdministrationName {
            if case .parameter(let parameter) = name { return [parameter] }
            return []
        }
        if let password = subject as? PasswordSource {
            if case .parameter(let parameter) = password { return [parameter] }
            return []
        }
        if subject is String || subject is Secret { return [] }
        return Mirror(reflecting: subject).children.flatMap { names(in: $0.value) }
    }
}
