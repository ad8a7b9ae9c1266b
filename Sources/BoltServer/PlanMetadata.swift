import GraphValue
import Host

/// The `plan` and `profile` entries of a Bolt SUCCESS, in the form Neo4j sends and drivers
/// return as `ResultSummary.plan` and `.profile`.
enum PlanMetadata {
    /// Encodes an operator as `{operatorType, args, identifiers, children}`, and for a profiled
    /// one also `rows`, `dbHits` and the page cache and time counters, which this server does
    /// not measure and reports as 0.
    static func encode(_ plan: PlanDescription) -> Value {
        var entries: [String: Value] = [
            "operatorType": .string(plan.operatorType),
            "args": .map(plan.arguments),
            "identifiers": .list(plan.identifiers.map(Value.string)),
            "children": .list(plan.children.map(encode)),
        ]
        if let statistics = plan.statistics {
            entries["rows"] = .integer(statistics.rows)
            entries["dbHits"] = .integer(statistics.dbHits)
            entries["pageCacheHits"] = 0
            entries["pageCacheMisses"] = 0
            entries["pageCacheHitRatio"] = 0.0
            entries["time"] = 0
        }
        return .map(entries)
    }
}
