import GraphValue

/// Reads the current state of entities while an expression is evaluated.
///
/// Rows hold node and relationship snapshots; the resolver returns their state as of now in
/// the transaction, so writes earlier in the statement are visible. It throws `EntityNotFound`
/// for an entity deleted in this transaction.
protocol EntityResolver {
    func current(_ node: Node) throws -> Node
    func current(_ relationship: Relationship) throws -> Relationship
    func node(id: Int64) throws -> Node
    /// Milliseconds since the epoch when the statement started, which `timestamp()` returns.
    var statementTimestamp: Int64 { get }
    /// The statement's limits, which functions that build lists or loop check as they work.
    var budget: ExecutionBudget { get }
}

/// A resolver without a store, which trusts the snapshots in the values themselves.
struct SnapshotResolver: EntityResolver {
    var nodes: [Int64: Node] = [:]
    var statementTimestamp: Int64 = 0
    var budget = ExecutionBudget.unlimited()

    func current(_ node: Node) throws -> Node { node }
    func current(_ relationship: Relationship) throws -> Relationship { relationship }

    func node(id: Int64) throws -> Node {
        nodes[id] ?? Node(id: id, elementID: "", labels: [], properties: [:])
    }
}
