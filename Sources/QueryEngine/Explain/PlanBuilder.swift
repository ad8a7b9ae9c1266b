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
    ///
    /// - Throws: `SyntaxError` when the plan is deeper than ``PlanNode/maximumDepth``.
    static func describe(_ plan: QueryPlan, indexes: [IndexDescriptor]) throws(ServerError) -> PlanNode {
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
        let root = PlanNode("ProduceResults", identifiers: plan.columns, children: [top])
        guard !root.isCut else {
            throw ServerError(
                .syntaxError,
                "EXPLAIN and PROFILE return plans of at most \(PlanNode.maximumDepth) nested operators, "
                    + "and this query's plan is deeper; shorten its patterns or run it without EXPLAIN or PROFILE."
            )
        }
        return root
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

    // MARK: Helpers

    func node(_ operatorType: String, details: String? = nil, on input: PlanNode?) -> PlanNode {
        PlanNode(operatorType, identifiers: scope, details: details, children: input.map { [$0] } ?? [])
    }

    mutating func introduce(_ variables: [String]) {
        for variable in variables where !scope.contains(variable) { scope.append(variable) }
    }

    /// Returns the pattern's variable, or a name in Neo4j's `anon_N` form for an anonymous node.
    mutating func variableName(_ pattern: NodePattern) -> String {
        pattern.variable ?? nextAnonymous()
    }

    mutating func nextAnonymous() -> String {
        defer { anonymousCount += 1 }
        return "anon_\(anonymousCount)"
    }

    func relationshipText(_ pattern: RelationshipPattern, variable: String) -> String {
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
