import GraphValue
import Host
import JSON

/// The contents of one statement's result: the row form, the graph form and the statistics.
struct ResultFormat: Sendable, Equatable {
    var row: Bool
    var graph: Bool
    var includeStats: Bool

    /// Rows only, without statistics: Neo4j's default.
    static let `default` = ResultFormat(row: true, graph: false, includeStats: false)

    /// Encodes one member of `results`: `{"columns", "data": [{"row", "meta", "graph"}], "stats"}`.
    ///
    /// `row` and `meta` appear when the row form is requested, `graph` when the graph form is,
    /// `stats` only with `includeStats`, and `plan` for `EXPLAIN` and `PROFILE`.
    func encode(_ result: QueryResult) -> JSONValue {
        var data: [JSONValue] = []
        data.reserveCapacity(result.rows.count)
        for values in result.rows {
            var entry: [String: JSONValue] = [:]
            if row {
                entry["row"] = .array(values.map(ValueFormat.row))
                entry["meta"] = MetaFormat.meta(values)
            }
            if graph { entry["graph"] = GraphFormat.graph(values) }
            data.append(.object(entry))
        }
        var body: [String: JSONValue] = [
            "columns": .array(result.columns.map { .string($0) }),
            "data": .array(data),
        ]
        if includeStats { body["stats"] = Self.statistics(result.statistics) }
        if let plan = result.profile ?? result.plan { body["plan"] = PlanFormat.plan(plan) }
        return .object(body)
    }

    /// Encodes the statistics under Neo4j's keys, including its singular `relationship_deleted`.
    static func statistics(_ statistics: QueryStatistics) -> JSONValue {
        [
            "contains_updates": .bool(statistics.containsUpdates),
            "nodes_created": .integer(Int64(statistics.nodesCreated)),
            "nodes_deleted": .integer(Int64(statistics.nodesDeleted)),
            "properties_set": .integer(Int64(statistics.propertiesSet)),
            "relationships_created": .integer(Int64(statistics.relationshipsCreated)),
            "relationship_deleted": .integer(Int64(statistics.relationshipsDeleted)),
            "labels_added": .integer(Int64(statistics.labelsAdded)),
            "labels_removed": .integer(Int64(statistics.labelsRemoved)),
            "indexes_added": .integer(Int64(statistics.indexesAdded)),
            "indexes_removed": .integer(Int64(statistics.indexesRemoved)),
            "constraints_added": .integer(Int64(statistics.constraintsAdded)),
            "constraints_removed": .integer(Int64(statistics.constraintsRemoved)),
            "contains_system_updates": .bool(statistics.containsSystemUpdates),
            "system_updates": .integer(Int64(statistics.systemUpdates)),
        ]
    }
}
