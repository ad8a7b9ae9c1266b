import Cypher
import GraphValue
import Host

/// The compiled form of one single query: its operators and result columns.
struct SingleQueryPlan: Sendable {
    let operators: [any Operator]
    let columns: [String]
    let writes: Bool

    func execute(_ context: ExecutionContext, profiler: (QueryProfiler, part: Int)? = nil) throws -> [[Value]] {
        let rows = try Pipeline.run(operators, [[:]], context, profiler: profiler)
        // A query without RETURN returns no records, whatever its rows.
        if columns.isEmpty { return [] }
        return try rows.map { row in
            try context.budget.checkpoint()
            return try columns.map { try context.output(row[$0] ?? .null) }
        }
    }
}

/// The compiled form of a query, including `UNION` parts.
struct QueryPlan: Sendable {
    let parts: [SingleQueryPlan]
    /// True for `UNION`, which removes duplicate rows; false for `UNION ALL` or a single part.
    let distinctUnion: Bool
    /// Parameters the query refers to, checked before it runs.
    let parameters: [String]

    var columns: [String] { parts.first?.columns ?? [] }

    /// `r` without updates. With updates it is `rw` when the query returns columns and `w` when
    /// it returns none, as Neo4j derives the type from the plan and its result columns.
    var writes: Bool { parts.contains(where: \.writes) }

    var queryType: QueryType {
        guard writes else { return .read }
        return columns.isEmpty ? .write : .readWrite
    }

    /// The operators, one a line, for tests and diagnostics.
    var description: String {
        parts.map { $0.operators.map(\.description).joined(separator: "\n") }.joined(separator: "\nUnion\n")
    }

    func execute(_ context: ExecutionContext, profiler: QueryProfiler? = nil) throws -> [[Value]] {
        let missing = parameters.filter { context.parameters[$0] == nil }
        if !missing.isEmpty {
            throw ServerError(.parameterMissing, "Expected parameter(s): \(missing.joined(separator: ", "))")
        }
        var rows: [[Value]] = []
        for (index, part) in parts.enumerated() {
            rows += try part.execute(context, profiler: profiler.map { ($0, index) })
            try context.budget.checkCount(rows.count)
        }
        guard distinctUnion else { return rows }
        var seen: Set<EquivalenceKey> = []
        var unique: [[Value]] = []
        for row in rows where seen.insert(EquivalenceKey(.list(row))).inserted {
            try context.budget.checkpoint()
            unique.append(row)
        }
        return unique
    }
}
