import GraphValue
import Host

/// Identifies one step of a pipeline for `PROFILE`: the `UNION` part and the step's position.
struct PlanStepID: Hashable {
    let part: Int
    let index: Int
}

/// An operator of a plan description while it is built, before statistics are attached.
struct PlanNode {
    /// The deepest plan that `EXPLAIN` and `PROFILE` return, in nested operators.
    ///
    /// Encoding a plan, sending it and freeing it all recurse once per level, and a pattern of
    /// thousands of relationships would otherwise overflow a server thread's stack. The official
    /// Python driver 6.4 also fails to decode plans much deeper than this: it decoded a
    /// 200-relationship pattern's plan and raised `RecursionError` for 250.
    static let maximumDepth = 200

    let operatorType: String
    let identifiers: [String]
    let details: String?
    /// The operators that feed this one; empty below a node cut at ``maximumDepth``.
    let children: [PlanNode]
    /// The pipeline step whose work this node reports when profiled. The other nodes that one
    /// step expands to, such as the scan below an `Expand(All)`, report none.
    var step: PlanStepID?
    /// The levels of operators from this node down to its deepest leaf, this node included.
    let depth: Int
    /// True when a subtree at or below this node was dropped because it would have been deeper
    /// than ``maximumDepth``. Such a plan is rejected, never returned.
    let isCut: Bool

    init(
        _ operatorType: String,
        identifiers: [String],
        details: String? = nil,
        children: [PlanNode] = [],
        step: PlanStepID? = nil
    ) {
        self.operatorType = operatorType
        self.identifiers = identifiers
        self.details = details
        self.step = step
        let depth = 1 + (children.map(\.depth).max() ?? 0)
        // Dropping the children keeps the tree that is being built, and so the recursion that
        // frees it, within the bound however many operators the query has.
        if depth > Self.maximumDepth {
            self.children = []
            self.depth = 1
            self.isCut = true
        } else {
            self.children = children
            self.depth = depth
            self.isCut = children.contains { $0.isCut }
        }
    }

    /// Converts to the public form, with statistics from `profile` when given.
    func description(profile: QueryProfiler?) -> PlanDescription {
        var arguments: [String: Value] = [:]
        if let details { arguments["Details"] = .string(details) }
        var statistics: PlanDescription.Statistics?
        if let profile {
            // NOTE: a step that expands to several operators reports its rows and store reads
            // on its top operator only; the operators below it report 0.
            statistics = step.map { profile.statistics(of: $0) } ?? PlanDescription.Statistics(rows: 0, dbHits: 0)
        }
        return PlanDescription(
            operatorType: operatorType,
            identifiers: identifiers,
            arguments: arguments,
            children: children.map { $0.description(profile: profile) },
            statistics: statistics
        )
    }
}
