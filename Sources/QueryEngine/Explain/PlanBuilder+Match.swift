import Cypher
import GraphValue
import Host
import Store

extension PlanBuilder {
    mutating func describe(_ match: MatchOperator, input: PlanNode?) -> PlanNode {
        var top = input
        var needsFilter = match.predicate != nil
        for part in match.pattern.parts {
            let element = oriented(part.element)
            let startBound = element.start.variable.map(scope.contains) ?? false
            var chain: PlanNode
            if startBound, let input = top, !match.optional {
                chain = input
            } else {
                chain = startBound ? PlanNode("Argument", identifiers: scope) : leaf(element.start, match)
            }
            needsFilter = needsFilter || hasExtraConditions(element.start)
            var previous = variableName(element.start)
            for step in element.chain {
                let relationship = step.relationship.variable ?? nextAnonymous()
                let target = variableName(step.node)
                let into = scope.contains(target)
                introduce([relationship, target])
                let kind = step.relationship.length == nil ? "Expand" : "VarLengthExpand"
                let details = "(\(previous))\(relationshipText(step.relationship, variable: relationship))(\(target))"
                chain = PlanNode(
                    "\(kind)(\(into ? "Into" : "All"))",
                    identifiers: scope,
                    details: details,
                    children: [chain]
                )
                needsFilter =
                    needsFilter || hasExtraConditions(step.node) || step.relationship.properties != nil
                    || step.relationship.predicate != nil
                previous = target
            }
            if let input = top, !startBound || match.optional {
                if match.optional {
                    let optional = PlanNode("Optional", identifiers: scope, children: [chain])
                    chain = PlanNode("Apply", identifiers: scope, children: [input, optional])
                } else {
                    chain = PlanNode("CartesianProduct", identifiers: scope, children: [input, chain])
                }
            } else if match.optional {
                chain = PlanNode("Optional", identifiers: scope, children: [chain])
            }
            top = chain
        }
        introduce(match.introducedVariables)
        var result = top ?? PlanNode("Argument", identifiers: scope)
        if needsFilter { result = node("Filter", on: result) }
        return result
    }

    /// Returns the operator that finds a pattern's first node, as the matcher finds it: by id,
    /// by index, by label or by scanning all nodes.
    private mutating func leaf(_ pattern: NodePattern, _ match: MatchOperator) -> PlanNode {
        let variable = variableName(pattern)
        introduce([variable])
        let hint = pattern.variable.flatMap { match.indexHints[$0] }
        if let hint, hint.kind == .id || hint.kind == .elementID {
            return PlanNode(hint.kind == .id ? "NodeByIdSeek" : "NodeByElementIdSeek", identifiers: scope)
        }
        guard let label = pattern.labels.first else {
            return PlanNode("AllNodesScan", identifiers: scope, details: variable)
        }
        var key: String?
        if case .map(let entries) = pattern.properties, let first = entries.map(\.key).sorted().first {
            key = first
        } else if let hint, case .property(let hinted) = hint.kind {
            key = hinted
        }
        if let key, let index = indexes.first(where: { $0.label == label && $0.properties == [key] }) {
            return PlanNode(
                "NodeIndexSeek",
                identifiers: scope,
                details: "RANGE INDEX \(index.name) FOR \(variable):\(label)(\(key))"
            )
        }
        return PlanNode("NodeByLabelScan", identifiers: scope, details: "\(variable):\(label)")
    }

    /// Walks from the end node when only it is bound, or only it has a label, as the matcher does.
    private func oriented(_ element: PatternElement) -> PatternElement {
        guard let last = element.chain.last?.node else { return element }
        func isBound(_ node: NodePattern) -> Bool { node.variable.map(scope.contains) ?? false }
        // A list bound before the match is followed in its own order, so only forwards.
        let hasBoundList = element.chain.contains { step in
            step.relationship.length != nil && (step.relationship.variable.map(scope.contains) ?? false)
        }
        let preferLast =
            !isBound(element.start) && !hasBoundList
            && (isBound(last) || (element.start.labels.isEmpty && !last.labels.isEmpty))
        guard preferLast else { return element }
        let nodes = Array(element.nodes.reversed())
        let relationships = element.chain.map(\.relationship).reversed().map { relationship in
            var flipped = relationship
            flipped.direction = relationship.direction.flipped
            return flipped
        }
        let chain = zip(relationships, nodes.dropFirst()).map { PatternStep(relationship: $0, node: $1) }
        return PatternElement(start: nodes[0], chain: chain)
    }

    private func hasExtraConditions(_ pattern: NodePattern) -> Bool {
        pattern.labels.count > 1 || pattern.properties != nil || pattern.predicate != nil
    }
}
