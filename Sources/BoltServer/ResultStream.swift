import GraphValue
import Host

/// The rows of one RUN, waiting for PULL or DISCARD.
///
/// NOTE: RUN builds the whole result before the first PULL, so a result larger than the
/// engine's row bound (`ExecutionLimits.maximumRows`) fails instead of streaming, and a client
/// that never pulls keeps its rows in memory until it resets or disconnects.
struct ResultStream {
    let result: QueryResult
    let database: String
    /// True for an auto-commit RUN: its final summary carries the bookmark.
    let autoCommit: Bool
    let bookmark: String?
    private(set) var position = 0

    init(result: QueryResult, database: String, autoCommit: Bool, bookmark: String?) {
        self.result = result
        self.database = database
        self.autoCommit = autoCommit
        self.bookmark = bookmark
    }

    var remaining: Int { result.rows.count - position }

    /// Takes up to `count` rows, or all of them when `count` is negative.
    mutating func take(_ count: Int64) -> ArraySlice<[Value]> {
        let end = count < 0 ? result.rows.count : min(result.rows.count, position + Int(clamping: count))
        defer { position = end }
        return result.rows[position..<end]
    }

    mutating func skip(_ count: Int64) {
        position = count < 0 ? result.rows.count : min(result.rows.count, position + Int(clamping: count))
    }

    /// Builds the metadata of the SUCCESS that ends the stream.
    func summary() -> [String: Value] {
        var metadata: [String: Value] = [
            "type": .string(result.queryType.rawValue),
            "t_last": 0,
            "db": .string(database),
        ]
        if let bookmark { metadata["bookmark"] = .string(bookmark) }
        let counters = Self.counters(result.statistics)
        if !counters.isEmpty { metadata["stats"] = .map(counters) }
        if let plan = result.plan { metadata["plan"] = PlanMetadata.encode(plan) }
        if let profile = result.profile { metadata["profile"] = PlanMetadata.encode(profile) }
        return metadata
    }

    static func counters(_ statistics: QueryStatistics) -> [String: Value] {
        let pairs: [(String, Int)] = [
            ("nodes-created", statistics.nodesCreated), ("nodes-deleted", statistics.nodesDeleted),
            ("relationships-created", statistics.relationshipsCreated),
            ("relationships-deleted", statistics.relationshipsDeleted),
            ("properties-set", statistics.propertiesSet), ("labels-added", statistics.labelsAdded),
            ("labels-removed", statistics.labelsRemoved), ("indexes-added", statistics.indexesAdded),
            ("indexes-removed", statistics.indexesRemoved), ("constraints-added", statistics.constraintsAdded),
            ("constraints-removed", statistics.constraintsRemoved), ("system-updates", statistics.systemUpdates),
        ]
        var counters: [String: Value] = [:]
        for (key, count) in pairs where count > 0 { counters[key] = .integer(Int64(count)) }
        if statistics.containsUpdates { counters["contains-updates"] = true }
        if statistics.containsSystemUpdates { counters["contains-system-updates"] = true }
        return counters
    }
}
