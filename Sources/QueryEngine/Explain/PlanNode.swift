import GraphValue
import Host

/// Identifies one step of a pipeline for `PROFILE`: the `UNION` part and the step's position.
struct PlanStepID: Hashable {
    let part: Int
    let index: Int
}

/// An operator of a plan description while it is built, before statistics are attached.
struct PlanNode {
    var operatorType: String
    var identifiers: [String]
    var details: String?
    var children: [PlanNode]
    /// The pipeline step whose work this node reports when profiled. The other nodes that one
    /// step expands to, such as the scan below an `Expand(All)`, report none.
    var step: PlanStepID?

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
        self.children = children
        self.step = step
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
