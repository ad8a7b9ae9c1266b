import Cypher
import GraphValue
import Host
import Store

extension PatternMatcher {
    /// The fixed parts of one variable-length step, such as `-[r:NEXT*2..5]->`.
    struct VariableLengthWalk {
        let step: PatternStep
        let range: (min: Int, max: Int)
        /// The relationship's property map, evaluated once.
        let expected: [String: Value]?
        /// The row before the step, which every match extends.
        let row: Row
    }

    /// The relationships of one node on the current path that the walk has still to try.
    private struct Frame {
        let records: [RelationshipRecord]
        var index = 0
    }

    /// Walks the paths of a variable-length step depth-first, without repeating a relationship,
    /// and passes each walk whose length is within range on to the rest of the part.
    ///
    /// The walk is a loop over an explicit stack, so its depth does not use the thread's stack.
    /// It extends and shrinks one shared trail, so memory grows with the current path and the
    /// relationships along it still to try, not with every path seen. Those relationships count
    /// against the row limit.
    func expandVariable(
        _ walk: VariableLengthWalk,
        from start: Node,
        _ trail: Trail,
        _ used: Set<Int64>,
        _ steps: ArraySlice<PatternStep>,
        _ next: Continuation
    ) throws -> Bool {
        let relationship = walk.step.relationship
        var trail = trail
        var used = used
        let segmentStart = trail.relationships.count
        var frames: [Frame] = []
        var pendingRelationships = 0

        // Handles arriving at `node` at the depth `frames.count`: ends a match there when the
        // depth is within range, and queues the node's relationships when the walk may go deeper.
        func arrive(at node: Node) throws -> Bool {
            let depth = frames.count
            if depth >= walk.range.min {
                var extended = walk.row
                if let variable = relationship.variable {
                    extended[variable] = .list(trail.relationships[segmentStart...].map { .relationship($0) })
                }
                if var bound = try bind(walk.step.node, to: node, in: extended) {
                    var walked = trail
                    if try !expand(steps.dropFirst(), from: node, &bound, &walked, used: used, next) { return false }
                }
            }
            if depth < walk.range.max {
                let records = try context.relationships(
                    of: node.id,
                    direction: relationship.direction.store,
                    types: relationship.types
                ).filter { relationship.allowsType($0.type) }
                pendingRelationships += records.count
                try context.budget.checkCount(pendingRelationships)
                frames.append(Frame(records: records))
            } else if depth > 0 {
                retreat()
            }
            return true
        }

        // Takes the last relationship off the path.
        func retreat() {
            trail.nodes.removeLast()
            if let edge = trail.relationships.popLast() { used.remove(edge.id) }
        }

        if try !arrive(at: start) { return false }
        while let top = frames.last {
            guard top.index < top.records.count else {
                pendingRelationships -= top.records.count
                frames.removeLast()
                // The start node's frame has no relationship leading to it.
                if !frames.isEmpty { retreat() }
                continue
            }
            let record = top.records[top.index]
            frames[frames.count - 1].index += 1
            try context.budget.checkpoint()
            if used.contains(record.id) { continue }
            let edge = context.remember(record)
            guard try matches(edge, walk.expected) else { continue }
            let other = try context.node(id: otherEnd(of: record, from: trail.nodes[trail.nodes.count - 1].id))
            trail.relationships.append(edge)
            trail.nodes.append(other)
            used.insert(edge.id)
            if try !arrive(at: other) { return false }
        }
        return true
    }
}
