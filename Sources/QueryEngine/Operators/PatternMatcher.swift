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
    /// Property equalities from WHERE that may select start nodes through an index, keyed by
    /// node variable; the values depend only on variables bound before the match.
    var indexHints: [String: (key: String, value: Expression)] = [:]

    init(context: ExecutionContext, evaluator: Evaluator, indexHints: [String: (key: String, value: Expression)] = [:]) {
        self.context = context
        self.evaluator = evaluator
        self.indexHints = indexHints
    }

    /// Every extension of `row` that matches all parts, stopping after `limit` when given.
    func match(_ parts: [PatternPart], from row: Row, limit: Int?) throws -> [Row] {
        var results: [Row] = []
        try matchParts(parts[...], row, used: [], into: &results, limit: limit, inputRow: row)
        return results
    }

    private func matchParts(
        _ parts: ArraySlice<PatternPart>, _ row: Row, used: Set<Int64>, into results: inout [Row], limit: Int?,
        inputRow: Row
    ) throws {
        if let limit, results.count >= limit { return }
        guard let part = parts.first else {
            results.append(row)
            return
        }
        if part.selector != .all {
            throw ServerError(.semanticError, "shortestPath and allShortestPaths are not supported")
        }
        let element = orient(part.element, row)
        for startNode in try candidates(for: element.pattern.start, row, inputRow: inputRow) {
            guard var bound = try bind(element.pattern.start, to: startNode, in: row) else { continue }
            var trail = Trail(nodes: [startNode], relationships: [])
            try expand(element.pattern.chain[...], from: startNode, &bound, &trail, used: used) { extended, trail, used in
                var complete = extended
                if let variable = part.variable {
                    let path = element.reversed ? trail.reversed() : trail
                    complete[variable] = .path(Path(nodes: path.nodes, relationships: path.relationships))
                }
                try matchParts(parts.dropFirst(), complete, used: used, into: &results, limit: limit, inputRow: inputRow)
            }
            if let limit, results.count >= limit { return }
        }
    }

    /// Nodes and relationships walked so far in one part.
    struct Trail {
        var nodes: [Node]
        var relationships: [Relationship]

        func reversed() -> Trail { Trail(nodes: nodes.reversed(), relationships: relationships.reversed()) }
    }

    private typealias Continuation = (Row, Trail, Set<Int64>) throws -> Void

    private func expand(
        _ steps: ArraySlice<PatternStep>, from node: Node, _ row: inout Row, _ trail: inout Trail, used: Set<Int64>,
        _ next: Continuation
    ) throws {
        guard let step = steps.first else {
            try next(row, trail, used)
            return
        }
        let relationship = step.relationship
        let range = relationship.length.map { (min: Int($0.minimum ?? 1), max: Int(clamping: $0.maximum ?? Int64.max)) }
        let expected = try propertyMap(relationship.properties, row)
        if let range {
            try expandVariable(step, from: node, depth: 0, range: range, expected: expected, row, trail, [], used, steps, next)
            return
        }
        for record in try context.relationships(of: node.id, direction: relationship.direction.store, types: relationship.types)
        where !used.contains(record.id) {
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
            try expand(steps.dropFirst(), from: other, &bound, &walked, used: used.union([edge.id]), next)
        }
    }

    // Depth-first over paths without repeated relationships; every depth within range ends one match.
    private func expandVariable(
        _ step: PatternStep, from node: Node, depth: Int, range: (min: Int, max: Int), expected: [String: Value]?,
        _ row: Row, _ trail: Trail, _ edges: [Relationship], _ used: Set<Int64>, _ steps: ArraySlice<PatternStep>,
        _ next: Continuation
    ) throws {
        let relationship = step.relationship
        if depth >= range.min {
            var extended = row
            if let variable = relationship.variable { extended[variable] = .list(edges.map { .relationship($0) }) }
            if var bound = try bind(step.node, to: node, in: extended) {
                var walked = trail
                try expand(steps.dropFirst(), from: node, &bound, &walked, used: used, next)
            }
        }
        guard depth < range.max else { return }
        for record in try context.relationships(of: node.id, direction: relationship.direction.store, types: relationship.types)
        where !used.contains(record.id) {
            let edge = context.remember(record)
            guard try matches(edge, expected) else { continue }
            let other = try context.node(id: otherEnd(of: record, from: node.id))
            var walked = trail
            walked.relationships.append(edge)
            walked.nodes.append(other)
            try expandVariable(
                step, from: other, depth: depth + 1, range: range, expected: expected, row, walked, edges + [edge],
                used.union([edge.id]), steps, next)
        }
    }

    private func otherEnd(of record: RelationshipRecord, from node: Int64) -> Int64 {
        record.startNodeID == node ? record.endNodeID : record.startNodeID
    }
}
