import Cypher
import GraphValue
import Host
import Store

/// Finds the bindings of pattern parts in the graph, extending a row.
///
/// Within one call a relationship is bound at most once across all parts, as Cypher's
/// relationship uniqueness requires. Variables already bound in the row constrain the match.
struct PatternMatcher {
    let context: ExecutionContext
    let evaluator: Evaluator
    /// WHERE equalities that select start nodes directly, keyed by node variable. Their values
    /// read only variables bound before the match.
    var indexHints: [String: MatchOperator.IndexHint] = [:]

    init(context: ExecutionContext, evaluator: Evaluator, indexHints: [String: MatchOperator.IndexHint] = [:]) {
        self.context = context
        self.evaluator = evaluator
        self.indexHints = indexHints
    }

    /// Returns every extension of `row` that matches all parts, stopping after `limit` when given.
    ///
    /// - Throws: `MemoryPoolOutOfMemoryError` when the matches outgrow the row limit.
    func match(_ parts: [PatternPart], from row: Row, limit: Int?) throws -> [Row] {
        var results: [Row] = []
        if limit == 0 { return results }
        let budget = context.budget
        try match(parts, from: row) { extended in
            results.append(extended)
            try budget.checkCount(results.count)
            return limit.map { results.count < $0 } ?? true
        }
        return results
    }

    /// Passes every extension of `row` that matches all parts to `emit`, as it is found, until
    /// `emit` returns false; returns false then.
    @discardableResult
    func match(_ parts: [PatternPart], from row: Row, emit: (Row) throws -> Bool) throws -> Bool {
        try matchParts(parts[...], row, used: [], inputRow: row, emit)
    }

    private func matchParts(
        _ parts: ArraySlice<PatternPart>,
        _ row: Row,
        used: Set<Int64>,
        inputRow: Row,
        _ emit: (Row) throws -> Bool
    ) throws -> Bool {
        if context.stackLimit.isExhausted { throw ExecutionBudget.nestedTooDeeply }
        guard let part = parts.first else { return try emit(row) }
        if part.selector != .all {
            throw ServerError(.semanticError, "shortestPath and allShortestPaths are not supported")
        }
        let element = orient(part.element, row)
        for startNode in try candidates(for: element.pattern.start, row, inputRow: inputRow) {
            try context.budget.checkpoint()
            guard var bound = try bind(element.pattern.start, to: startNode, in: row) else { continue }
            var trail = Trail(nodes: [startNode], relationships: [])
            let proceed = try expand(element.pattern.chain[...], from: startNode, &bound, &trail, used: used) {
                extended,
                trail,
                used in
                var complete = extended
                if element.reversed {
                    // A reversed walk collects variable-length relationships last to first.
                    for variable in element.reversedLists {
                        if case .list(let items) = complete[variable] { complete[variable] = .list(items.reversed()) }
                    }
                }
                if let variable = part.variable {
                    let path = element.reversed ? trail.reversed() : trail
                    complete[variable] = .path(Path(nodes: path.nodes, relationships: path.relationships))
                }
                return try matchParts(parts.dropFirst(), complete, used: used, inputRow: inputRow, emit)
            }
            if !proceed { return false }
        }
        return true
    }

    /// Nodes and relationships walked so far in one part.
    struct Trail {
        var nodes: [Node]
        var relationships: [Relationship]

        func reversed() -> Trail { Trail(nodes: nodes.reversed(), relationships: relationships.reversed()) }
    }

    /// Receives a complete walk of a part; returns false to stop the search.
    typealias Continuation = (Row, Trail, Set<Int64>) throws -> Bool

    func expand(
        _ steps: ArraySlice<PatternStep>,
        from node: Node,
        _ row: inout Row,
        _ trail: inout Trail,
        used: Set<Int64>,
        _ next: Continuation
    ) throws -> Bool {
        guard let step = steps.first else { return try next(row, trail, used) }
        let relationship = step.relationship
        let range = relationship.length.map { (min: Int($0.minimum ?? 1), max: Int(clamping: $0.maximum ?? Int64.max)) }
        let expected = try propertyMap(relationship.properties, row)
        if range != nil, let variable = relationship.variable, let bound = row[variable] {
            return try expandBoundList(step, bound, from: node, &row, &trail, used: used, steps, next)
        }
        if let range {
            let walk = VariableLengthWalk(step: step, range: range, expected: expected, row: row)
            return try expandVariable(walk, from: node, trail, used, steps, next)
        }
        for record in try context.relationships(
            of: node.id,
            direction: relationship.direction.store,
            types: relationship.types
        )
        where !used.contains(record.id) && relationship.allowsType(record.type) {
            try context.budget.checkpoint()
            let edge = context.remember(record)
            guard try matches(edge, expected) else { continue }
            var extended = row
            if let variable = relationship.variable {
                if let existing = row[variable] {
                    guard case .relationship(let bound) = existing, bound.id == edge.id else { continue }
                }
                extended[variable] = .relationship(edge)
            }
            if let predicate = relationship.predicate, try !evaluator.isTrue(predicate, extended) { continue }
            let other = try context.node(id: otherEnd(of: record, from: node.id))
            guard var bound = try bind(step.node, to: other, in: extended) else { continue }
            var walked = trail
            walked.relationships.append(edge)
            walked.nodes.append(other)
            if try !expand(steps.dropFirst(), from: other, &bound, &walked, used: used.union([edge.id]), next) {
                return false
            }
        }
        return true
    }

    /// Follows a variable-length step whose variable is already bound to a list of
    /// relationships: the walk must take exactly those relationships, in order.
    private func expandBoundList(
        _ step: PatternStep,
        _ bound: Value,
        from node: Node,
        _ row: inout Row,
        _ trail: inout Trail,
        used: Set<Int64>,
        _ steps: ArraySlice<PatternStep>,
        _ next: Continuation
    ) throws -> Bool {
        guard case .list(let items) = bound else { return true }
        let pattern = step.relationship
        let range = (min: pattern.length?.minimum ?? 1, max: pattern.length?.maximum ?? Int64.max)
        guard Int64(items.count) >= range.min, Int64(items.count) <= range.max else { return true }
        var current = node
        var walked = trail
        var taken = used
        for item in items {
            guard case .relationship(let edge) = item, !taken.contains(edge.id) else { return true }
            let record = try context.relationshipRecord(id: edge.id)
            let fromStart = record.startNodeID == current.id
            let fromEnd = record.endNodeID == current.id
            let allowed: Bool
            switch pattern.direction {
            case .outgoing: allowed = fromStart
            case .incoming: allowed = fromEnd
            case .both: allowed = fromStart || fromEnd
            }
            guard allowed, pattern.types.isEmpty || pattern.types.contains(record.type), pattern.allowsType(record.type)
            else { return true }
            let relationship = context.makeRelationship(record)
            guard try matches(relationship, propertyMap(pattern.properties, row)) else { return true }
            current = try context.node(id: otherEnd(of: record, from: current.id))
            walked.relationships.append(relationship)
            walked.nodes.append(current)
            taken.insert(edge.id)
        }
        guard var extended = try bind(step.node, to: current, in: row) else { return true }
        return try expand(steps.dropFirst(), from: current, &extended, &walked, used: taken, next)
    }

    func otherEnd(of record: RelationshipRecord, from node: Int64) -> Int64 {
        record.startNodeID == node ? record.endNodeID : record.startNodeID
    }
}
