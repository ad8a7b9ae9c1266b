import Cypher
import GraphValue
import Host

/// A table that a `SHOW` command lists.
protocol ShowTable {
    /// The columns without `YIELD`.
    static var defaultColumns: [String] { get }
    /// The columns `YIELD *` gives.
    static var allColumns: [String] { get }
}

/// The `YIELD`, `WHERE` and `RETURN` after a `SHOW` command, applied to the table's rows.
struct ShowPlan: Sendable {
    let columns: [String]
    let bindings: [(field: String, variable: String)]
    let predicate: Expression?
    let projection: ProjectionOperator?
    /// True when the command names a kind of which there are none, such as `SHOW TEXT INDEXES`.
    let empty: Bool

    init<T: ShowTable>(_ filter: ShowFilter, table: T.Type, emptyKind: Bool) throws(ServerError) {
        empty = emptyKind
        predicate = filter.predicate ?? filter.yield?.predicate
        if let yield = filter.yield, !yield.all {
            for item in yield.items where !T.allColumns.contains(item.field) {
                throw ServerError(.syntaxError, "Variable `\(item.field)` not defined")
            }
            bindings = yield.items.map { ($0.field, $0.name) }
        } else {
            let names = filter.yield?.all == true ? T.allColumns : T.defaultColumns
            bindings = names.map { ($0, $0) }
        }
        if let returnProjection = filter.returnProjection {
            let scope = bindings.map(\.variable)
            let planned = try ProjectionPlanner.plan(returnProjection, scope: Set(scope), orderedScope: scope)
            projection = planned
            columns = planned.columns
        } else {
            projection = nil
            columns = bindings.map(\.variable)
        }
    }

    func execute(_ table: [Row], _ context: ExecutionContext) throws -> (columns: [String], rows: [Row]) {
        if empty { return (columns, []) }
        var rows: [Row] = table.map { full in
            var row: Row = [:]
            for (field, variable) in bindings { row[variable] = full[field] ?? .null }
            return row
        }
        if let predicate { rows = try FilterOperator(predicate: predicate).run(rows, context) }
        if let projection { rows = try projection.run(rows, context) }
        return (columns, rows)
    }
}
