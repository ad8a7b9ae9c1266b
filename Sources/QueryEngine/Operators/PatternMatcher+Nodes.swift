import Cypher
import GraphValue
import Host
import Store

extension PatternMatcher {
    /// A part to match, possibly walked from its last node when that end is cheaper to start at.
    struct OrientedElement {
        var pattern: PatternElement
        var reversed: Bool
        /// The variable-length relationship variables the walk binds, whose lists it builds
        /// in walk order.
        var reversedLists: [String] = []
    }

    /// Starts from the end node when only it is bound, or when only it has a label.
    func orient(_ element: PatternElement, _ row: Row) -> OrientedElement {
        guard let last = element.chain.last?.node else { return OrientedElement(pattern: element, reversed: false) }
        func isBound(_ node: NodePattern) -> Bool { node.variable.map { row[$0] != nil } ?? false }
        let startBound = isBound(element.start)
        let listVariables = element.chain.filter { $0.relationship.length != nil }.compactMap(\.relationship.variable)
        // A list bound before the match is followed in its own order, so only forwards.
        let hasBoundList = listVariables.contains { row[$0] != nil }
        let preferLast =
            !startBound && !hasBoundList
            && (isBound(last) || (element.start.labels.isEmpty && !last.labels.isEmpty))
        guard preferLast else { return OrientedElement(pattern: element, reversed: false) }
        let nodes = element.nodes.reversed()
        let relationships = element.chain.map(\.relationship).reversed().map { relationship in
            var flipped = relationship
            flipped.direction = relationship.direction.flipped
            return flipped
        }
        let chain = zip(relationships, nodes.dropFirst()).map { PatternStep(relationship: $0, node: $1) }
        return OrientedElement(
            pattern: PatternElement(start: nodes[nodes.startIndex], chain: chain),
            reversed: true,
            reversedLists: listVariables
        )
    }

    /// Returns the nodes a part may start at: the bound node, an index lookup, a label scan or all nodes.
    func candidates(for pattern: NodePattern, _ row: Row, inputRow: Row) throws -> [Node] {
        if let variable = pattern.variable, let bound = row[variable] {
            switch bound {
            case .node(let node): return [try context.current(node)]
            case .null: return []
            default: throw ServerError(.typeError, "Type mismatch: expected Node but was \(bound.typeName)")
            }
        }
        let hint = pattern.variable.flatMap { indexHints[$0] }
        if let hint, hint.kind == .id || hint.kind == .elementID {
            return try nodes(identifiedBy: evaluator.evaluate(hint.value, inputRow), kind: hint.kind)
        }
        guard let label = pattern.labels.first else { return try context.nodes(label: nil).map(context.remember) }
        if let expected = try propertyMap(pattern.properties, row),
            let key = expected.keys.sorted().first, let value = expected[key]
        {
            if value.isNull { return [] }
            return try context.nodes(label: label, key: key, equals: value).map(context.remember)
        }
        if let hint, case .property(let key) = hint.kind {
            let value = try evaluator.evaluate(hint.value, inputRow)
            if value.isNull { return [] }
            return try context.nodes(label: label, key: key, equals: value).map(context.remember)
        }
        return try context.nodes(label: label).map(context.remember)
    }

    /// Looks up the node with an id or element id. Values of other types match nothing, because
    /// the equality they come from is false or null for them.
    private func nodes(identifiedBy value: Value, kind: MatchOperator.IndexHint.Kind) throws -> [Node] {
        let id: Int64
        switch (kind, value) {
        case (.id, .integer(let integer)):
            id = integer
        case (.elementID, .string(let text)):
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "4", parts[1] == context.databaseID, let parsed = Int64(parts[2])
            else { return [] }
            id = parsed
        default:
            return []
        }
        if context.deletedNodes.contains(id) { return [] }
        guard let record = try context.transaction.node(id: id) else { return [] }
        return [context.remember(record)]
    }

    /// Binds the node to the pattern's variable, or returns nil when the node does not fit.
    func bind(_ pattern: NodePattern, to node: Node, in row: Row) throws -> Row? {
        var extended = row
        if let variable = pattern.variable {
            if let existing = row[variable] {
                guard case .node(let bound) = existing, bound.id == node.id else { return nil }
            }
            extended[variable] = .node(node)
        }
        guard pattern.labels.allSatisfy(node.labels.contains) else { return nil }
        if let expression = pattern.labelExpression, !expression.matches(node.labels) { return nil }
        guard try matches(node.properties, propertyMap(pattern.properties, row)) else { return nil }
        if let predicate = pattern.predicate, try !evaluator.isTrue(predicate, extended) { return nil }
        return extended
    }

    func matches(_ relationship: Relationship, _ expected: [String: Value]?) throws -> Bool {
        matches(relationship.properties, expected)
    }

    /// Pattern properties match only when each is equal; a null in the pattern never matches.
    func matches(_ properties: [String: Value], _ expected: [String: Value]?) -> Bool {
        guard let expected else { return true }
        return expected.allSatisfy { key, value in (properties[key] ?? .null).cypherEquals(value) == true }
    }

    /// The evaluated property map of a pattern, which must be a map.
    func propertyMap(_ expression: Expression?, _ row: Row) throws -> [String: Value]? {
        guard let expression else { return nil }
        switch try evaluator.evaluate(expression, row) {
        case .map(let entries): return entries
        case let other:
            throw ServerError(.typeError, "Expected a map of properties in the pattern, but got \(other.typeName)")
        }
    }
}

extension RelationshipPattern {
    /// Returns whether the type expression, when the pattern has one, accepts `type`. The store filters
    /// by `types` itself.
    func allowsType(_ type: String) -> Bool {
        typeExpression?.matches([type]) ?? true
    }
}

extension RelationshipDirection {
    var store: Direction {
        switch self {
        case .outgoing: .outgoing
        case .incoming: .incoming
        case .both: .both
        }
    }

    var flipped: RelationshipDirection {
        switch self {
        case .outgoing: .incoming
        case .incoming: .outgoing
        case .both: .both
        }
    }
}
