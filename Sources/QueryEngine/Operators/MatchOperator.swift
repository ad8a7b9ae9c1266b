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

    func makeConsumer(_ context: ExecutionContext, downstream: any RowConsumer) throws -> any RowConsumer {
        let evaluator = Evaluator(context)
        let matcher = PatternMatcher(context: context, evaluator: evaluator, indexHints: indexHints)
        return StreamingConsumer(context: context, downstream: downstream) { row, emit in
            var matchedAny = false
            let proceed = try matcher.match(pattern.parts, from: row) { matched in
                if let predicate, try !evaluator.isTrue(predicate, matched) { return true }
                matchedAny = true
                return try emit(matched)
            }
            guard proceed, !matchedAny, optional else { return proceed }
            var padded = row
            for variable in introducedVariables where padded[variable] == nil { padded[variable] = .null }
            return try emit(padded)
        }
    }
}
