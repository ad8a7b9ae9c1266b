public import GraphValue

/// One operator of a query plan, as `EXPLAIN` and `PROFILE` return it, with the operators that
/// feed it as children.
///
/// Operator names follow Neo4j's, such as `NodeByLabelScan`, `NodeIndexSeek`, `Expand(All)`,
/// `Filter` and `ProduceResults`, so a reader can see whether an index is used.
public struct PlanDescription: Sendable, Equatable {
    public var operatorType: String
    /// The variables bound after this operator.
    public var identifiers: [String]
    /// Named details such as `Details` (for example `n:Person`), as Neo4j's `args`.
    public var arguments: [String: Value]
    public var children: [PlanDescription]
    /// The rows this operator produced and the store reads it made; nil unless profiled.
    public var statistics: Statistics?

    /// The figures `PROFILE` measured for one operator.
    public struct Statistics: Sendable, Equatable {
        public var rows: Int64
        public var dbHits: Int64

        public init(rows: Int64, dbHits: Int64) {
            self.rows = rows
            self.dbHits = dbHits
        }
    }

    public init(
        operatorType: String,
        identifiers: [String] = [],
        arguments: [String: Value] = [:],
        children: [PlanDescription] = [],
        statistics: Statistics? = nil
    ) {
        self.operatorType = operatorType
        self.identifiers = identifiers
        self.arguments = arguments
        self.children = children
        self.statistics = statistics
    }

    /// Returns this operator and all below it, depth first, for tests and searches.
    public var allOperators: [PlanDescription] {
        [self] + children.flatMap(\.allOperators)
    }
}
