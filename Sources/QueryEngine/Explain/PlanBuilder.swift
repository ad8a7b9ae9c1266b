import Cypher
import GraphValue
import Host
import Store

/// Describes a compiled query as a tree of Neo4j's operator names, for `EXPLAIN` and `PROFILE`.
///
/// The tree follows the engine's own pipeline, one or more operators per step, and the store's
/// indexes decide between `NodeIndexSeek` and `NodeByLabelScan` as the store does when it runs.
struct PlanBuilder {
    /// The store's indexes; a lookup uses one only when it covers exactly the label and key.
    let indexes: [IndexDescriptor]
    /// The variables bound after the steps described so far.
    private(set) var scope: [String]
    private var anonymousCount = 0

    init(indexes: [IndexDescriptor], scope: [String] = []) {
        self.indexes = indexes
        self.scope = scope
    }

    /// Describes a whole query, with `ProduceResults` at the root.
    static func describe(_ plan: QueryPlan, indexes: [IndexDescriptor]) -> PlanNode {
        var parts: [PlanNode] = []
        for (index, part) in plan.parts.enumerated() {
            var builder = PlanBuilder(indexes: indexes)
            let top = builder.chain(part.operators, input: nil, part: index)
            parts.append(top ?? PlanNode("Argument", identifiers: []))
        }
        var top: PlanNode
        if parts.count == 1 {
            top = parts[0]
        } else {
            top = PlanNode("Union", identifiers: plan.columns, children: parts)
            if plan.distinctUnion { top = PlanNode("Distinct", identifiers: plan.columns, children: [top]) }
        }
        if plan.columns.isEmpty { top = PlanNode("EmptyResult", identifiers: top.identifiers, children: [top]) }
        return PlanNode("ProduceResults", identifiers: plan.columns, children: [top])
    }

    /// Describes a pipeline on top of `input`; nil when it has no steps and no input.
    mutating func chain(_ operators: [any Operator], input: PlanNode?, part: Int?) -> PlanNode? {
        var top = input
        for (index, step) in operators.enumerated() {
            var node = describe(step, input: top)
            node.step = part.map { PlanStepID(part: $0, index: index) }
            top = node
        }
        return top
    }

    // MARK: Steps

    private mutating func describe(_ step: any Operator, input: PlanNode?) -> PlanNode {
        switch step {
        case let match as MatchOperator:
            return describe(match, input: input)
        case let projection as ProjectionOperator:
            return describe(projection, input: input)
        case let unwind as UnwindOperator:
            introduce([unwind.variable])
            return node("Unwind", details: unwind.variable, on: input)
        case is FilterOperator:
            return node("Filter", on: input)
        case let create as CreateOperator:
            introduce(create.pattern.parts.flatMap(UpdatePlanning.variables))
            return node("Create", details: create.pattern.parts.map(patternText).joined(separator: ", "), on: input)
        case let merge as MergeOperator:
            introduce(UpdatePlanning.variables(merge.part))
            return node("Merge", details: patternText(merge.part), on: input)
        case let set as SetOperator:
            return set.items.reduce(input) { below, item in node(Self.name(of: item), on: below) }
                ?? node("SetProperty", on: input)
        case let remove as RemoveOperator:
            return remove.items.reduce(input) { below, item in node(Self.name(of: item), on: below) }
                ?? node("SetProperty", on: input)
        case let delete as DeleteOperator:
            return node(delete.detach ? "DetachDelete" : "Delete", on: input)
        case let foreach as ForeachOperator:
            return node("Foreach", details: foreach.variable, on: input)
        case let call as CallOperator:
            introduce(call.bindings.map(\.variable))
            let outputs = call.procedure.outputs.map { "\($0.name) :: \($0.type)" }.joined(separator: ", ")
            return node("ProcedureCall", details: "\(call.procedure.name)() :: (\(outputs))", on: input)
        case let subquery as SubqueryOperator:
            return describe(subquery, input: input)
        default:
            return node(step.description, on: input)
        }
    }

    private mutating func describe(_ projection: ProjectionOperator, input: PlanNode?) -> PlanNode {
        scope = projection.columns
        var top: PlanNode
        if projection.isAggregating {
            top = node("EagerAggregation", details: projection.columns.joined(separator: ", "), on: input)
        } else {
            top = node("Projection", details: projection.columns.joined(separator: ", "), on: input)
            if projection.distinct { top = node("Distinct", on: top) }
        }
        if !projection.orderBy.isEmpty {
            top = node(projection.limit == nil ? "Sort" : "Top", on: top)
            if projection.skip != nil { top = node("Skip", on: top) }
        } else {
            if projection.skip != nil { top = node("Skip", on: top) }
            if projection.limit != nil { top = node("Limit", on: top) }
        }
        if projection.predicate != nil { top = node("Filter", on: top) }
        return top
    }

    private mutating func describe(_ subquery: SubqueryOperator, input: PlanNode?) -> PlanNode {
        var inner = PlanBuilder(indexes: indexes, scope: subquery.imported)
        let argument = PlanNode("Argument", identifiers: subquery.imported)
        let body = inner.chain(subquery.body, input: argument, part: nil) ?? argument
        introduce(subquery.columns)
        let name = subquery.columns.isEmpty ? "SubqueryForeach" : "Apply"
        return PlanNode(name, identifiers: scope, children: [input, body].compactMap { $0 })
    }

    // MARK: MATCH

    private mutating func describe(_ match: MatchOperator, input: PlanNode?) -> PlanNode {
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
        let hasVariableLength = element.chain.contains { $0.relationship.length != nil }
        let preferLast =
            !isBound(element.start) && !hasVariableLength
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

    // MARK: Helpers

    private func node(_ operatorType: String, details: String? = nil, on input: PlanNode?) -> PlanNode {
        PlanNode(operatorType, identifiers: scope, details: details, children: input.map { [$0] } ?? [])
    }

    private mutating func introduce(_ variables: [String]) {
        for variable in variables where !scope.contains(variable) { scope.append(variable) }
    }

    /// Returns the pattern's variable, or a name in Neo4j's `anon_N` form for an anonymous node.
    private mutating func variableName(_ pattern: NodePattern) -> String {
        pattern.variable ?? nextAnonymous()
    }

    private mutating func nextAnonymous() -> String {
        defer { anonymousCount += 1 }
        return "anon_\(anonymousCount)"
    }

    private func relationshipText(_ pattern: RelationshipPattern, variable: String) -> String {
        let types = pattern.types.isEmpty ? "" : ":" + pattern.types.joined(separator: "|")
        var length = ""
        if let range = pattern.length {
            length = "*" + (range.minimum.map(String.init) ?? "") + ".." + (range.maximum.map(String.init) ?? "")
        }
        let body = "[\(variable)\(types)\(length)]"
        switch pattern.direction {
        case .outgoing: return "-\(body)->"
        case .incoming: return "<-\(body)-"
        case .both: return "-\(body)-"
        }
    }

    private func patternText(_ part: PatternPart) -> String {
        var text = "(\(nodeText(part.element.start)))"
        for step in part.element.chain {
            text += relationshipText(step.relationship, variable: step.relationship.variable ?? "")
            text += "(\(nodeText(step.node)))"
        }
        return text
    }

    private func nodeText(_ pattern: NodePattern) -> String {
        (pattern.variable ?? "") + pattern.labels.map { ":\($0)" }.joined()
    }

    private static func name(of item: SetItem) -> String {
        switch item {
        case .property: "SetProperty"
        case .replaceProperties, .mergeProperties: "SetPropertiesFromMap"
        case .labels: "SetLabels"
        }
    }

    private static func name(of item: RemoveItem) -> String {
        switch item {
        case .property: "SetProperty"
        case .labels: "RemoveLabels"
        }
    }
}
