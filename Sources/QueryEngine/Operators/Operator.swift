import Cypher
import GraphValue
import Host

/// One step of a query plan: it turns the rows of the previous clause into the rows of its own.
///
/// Operators run eagerly, a whole clause at a time, so each clause sees every write of the
/// clauses before it, as Cypher's clause-by-clause semantics require.
protocol Operator: Sendable {
    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row]
    /// A one-line description for plan output and tests.
    var description: String { get }
}

/// `[OPTIONAL] MATCH pattern [WHERE predicate]`.
struct MatchOperator: Operator {
    let pattern: Pattern
    let predicate: Expression?
    let optional: Bool
    /// The variables the pattern introduces, set to null by OPTIONAL MATCH when nothing matches.
    let introducedVariables: [String]
    let indexHints: [String: IndexHint]

    struct IndexHint: Sendable {
        let key: String
        let value: Expression
    }

    var description: String {
        let hints = indexHints.keys.sorted().map { "index(\($0).\(indexHints[$0]?.key ?? ""))" }
        return (optional ? "OptionalMatch" : "Match") + (hints.isEmpty ? "" : " " + hints.joined(separator: " "))
    }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        let matcher = PatternMatcher(
            context: context, evaluator: evaluator, indexHints: indexHints.mapValues { ($0.key, $0.value) })
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

/// `WHERE` after `WITH`, and `YIELD ... WHERE`.
struct FilterOperator: Operator {
    let predicate: Expression
    var description: String { "Filter" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        return try rows.filter { try evaluator.isTrue(predicate, $0) }
    }
}

/// `UNWIND list AS variable`: a row per element; null gives no rows, a non-list one row.
struct UnwindOperator: Operator {
    let expression: Expression
    let variable: String
    var description: String { "Unwind" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        var output: [Row] = []
        for row in rows {
            let items: [Value]
            switch try evaluator.evaluate(expression, row) {
            case .null: items = []
            case .list(let list): items = list
            case let single: items = [single]
            }
            for item in items {
                var extended = row
                extended[variable] = item
                output.append(extended)
            }
        }
        return output
    }
}

/// `FOREACH (variable IN list | updates)`: runs the updates per element and passes rows on.
struct ForeachOperator: Operator {
    let variable: String
    let list: Expression
    let body: [any Operator]
    var description: String { "Foreach" }

    func execute(_ rows: [Row], _ context: ExecutionContext) throws -> [Row] {
        let evaluator = Evaluator(context)
        for row in rows {
            let value = try evaluator.evaluate(list, row)
            if value.isNull { continue }
            guard case .list(let items) = value else {
                throw ServerError(.typeError, "FOREACH expected a List but got \(value.typeName)")
            }
            for item in items {
                var inner = row
                inner[variable] = item
                var current = [inner]
                for step in body { current = try step.execute(current, context) }
            }
        }
        return rows
    }
}
