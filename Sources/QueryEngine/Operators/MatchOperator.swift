import Cypher
import GraphValue
import Host

/// `[OPTIONAL] MATCH pattern [WHERE predicate]`.
struct MatchOperator: Operator {
    let pattern: Pattern
    let predicate: Expression?
    let optional: Bool
    /// The variables the pattern introduces, set to null by OPTIONAL MATCH when nothing matches.
    let introducedVariables: [String]
    let indexHints: [String: IndexHint]

    /// A WHERE equality that picks a node variable's candidates directly.
    struct IndexHint: Sendable {
        enum Kind: Sendable, Equatable {
            /// `n.key = value`, looked up with the store's label-and-property query.
            case property(String)
            /// `id(n) = value`.
            case id
            /// `elementId(n) = value`.
            case elementID
        }

        let kind: Kind
        let value: Expression

        /// Formats the hint for plan output, such as `index(n.name)` or `byId(n)`.
        func description(for variable: String) -> String {
            switch kind {
            case .property(let key): "index(\(variable).\(key))"
            case .id: "byId(\(variable))"
            case .elementID: "byElementId(\(variable))"
            }
        }
    }

    var description: String {
        let hints = indexHints.keys.sorted().compactMap { indexHints[$0]?.description(for: $0) }
        return (optional ? "OptionalMatch" : "Match") + (hints.isEmpty ? "" : " " + hints.joined(separator: " "))
    }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        let matcher = PatternMatcher(
            context: context,
            evaluator: evaluator,
            indexHints: indexHints
        )
        var output: [Row] = []
        for row in rows {
            var matched = try matcher.match(pattern.parts, from: row, limit: nil)
            if let predicate {
                matched = try matched.filter { try evaluator.isTrue(predicate, $0) }
            }
            if matched.isEmpty && optional {
                var padded = row
                for variable in introducedVariables where padded[variable] == nil { padded[variable] = .null }
                output.append(padded)
            } else {
                output += matched
            }
        }
        return output
    }
}
