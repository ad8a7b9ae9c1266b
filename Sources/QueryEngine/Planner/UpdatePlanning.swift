import Cypher
import Host

/// Checks of the updating clauses that Neo4j makes before running anything.
enum UpdatePlanning {
    /// Returns the variables a pattern part binds.
    static func variables(_ part: PatternPart) -> [String] {
        [part.variable].compactMap { $0 } + part.element.nodes.compactMap(\.variable)
            + part.element.chain.compactMap(\.relationship.variable)
    }

    /// Checks that each relationship in CREATE or MERGE has one type, and a direction in CREATE.
    /// Bound nodes may not get labels or properties, and bound relationships may not be created again.
    static func checkCreate(_ pattern: Pattern, scope: Set<String>, merge: Bool = false) throws(ServerError) {
        let clause = merge ? "MERGE" : "CREATE"
        var declared = scope
        for part in pattern.parts {
            for node in part.element.nodes {
                if let variable = node.variable, declared.contains(variable),
                    !node.labels.isEmpty || node.properties != nil
                {
                    if scope.contains(variable) || !merge {
                        throw ServerError(
                            .syntaxError,
                            "Can't create node `\(variable)` with labels or properties here. "
                                + "The variable is already declared in this context"
                        )
                    }
                }
                if let properties = node.properties { try ExpressionAnalysis.checkDefined(properties, in: declared) }
                if let variable = node.variable { declared.insert(variable) }
            }
            for step in part.element.chain {
                let relationship = step.relationship
                if relationship.types.count != 1 {
                    throw ServerError(
                        .syntaxError,
                        "A single relationship type must be specified for \(clause)"
                    )
                }
                if relationship.direction == .both && !merge {
                    throw ServerError(.syntaxError, "Only directed relationships are supported in CREATE")
                }
                if relationship.length != nil {
                    throw ServerError(.syntaxError, "Variable length relationships cannot be used in \(clause)")
                }
                if let variable = relationship.variable, declared.contains(variable) {
                    throw ServerError(
                        .syntaxError,
                        "Can't create relationship `\(variable)`: variable already declared"
                    )
                }
                if let properties = relationship.properties {
                    try ExpressionAnalysis.checkDefined(properties, in: declared)
                }
                if let variable = relationship.variable { declared.insert(variable) }
            }
        }
    }

    static func check(_ item: SetItem, scope: Set<String>) throws(ServerError) {
        switch item {
        case .property(let entity, _, let value):
            try ExpressionAnalysis.checkDefined(entity, in: scope)
            try ExpressionAnalysis.checkDefined(value, in: scope)
        case .replaceProperties(let variable, let value), .mergeProperties(let variable, let value):
            try ExpressionAnalysis.checkDefined(.variable(variable), in: scope)
            try ExpressionAnalysis.checkDefined(value, in: scope)
        case .labels(let variable, _):
            try ExpressionAnalysis.checkDefined(.variable(variable), in: scope)
        }
    }

    static func check(_ item: RemoveItem, scope: Set<String>) throws(ServerError) {
        switch item {
        case .property(let entity, _):
            try ExpressionAnalysis.checkDefined(entity, in: scope)
        case .labels(let variable, _):
            try ExpressionAnalysis.checkDefined(.variable(variable), in: scope)
        }
    }
}
