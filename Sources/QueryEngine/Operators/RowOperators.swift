import Cypher
import GraphValue
import Host

/// A row filter, as in `SHOW ... WHERE`.
struct FilterOperator: Operator {
    let predicate: Expression
    var description: String { "Filter" }

    func makeConsumer(_ context: ExecutionContext, downstream: any RowConsumer) throws -> any RowConsumer {
        let evaluator = Evaluator(context)
        return StreamingConsumer(context: context, downstream: downstream) { row, emit in
            try evaluator.isTrue(predicate, row) ? emit(row) : true
        }
    }
}

/// `UNWIND list AS variable`: a row per element; null gives no rows, a non-list one row.
struct UnwindOperator: Operator {
    let expression: Expression
    let variable: String
    var description: String { "Unwind" }

    /// The arguments when `expression` is a call of the built-in `range()` with a valid count.
    private var rangeArguments: [Expression]? {
        guard case .functionCall(let call) = expression, call.namespace.isEmpty, call.lookupName == "range",
            (2...3).contains(call.arguments.count), !call.distinct
        else { return nil }
        return call.arguments
    }

    func makeConsumer(_ context: ExecutionContext, downstream: any RowConsumer) throws -> any RowConsumer {
        let evaluator = Evaluator(context)
        if let rangeArguments {
            // `UNWIND range(...)` streams the integers, so a LIMIT after it stops the range early
            // and a long range never has to fit in memory at once.
            return StreamingConsumer(context: context, downstream: downstream) { row, emit in
                let arguments = try rangeArguments.map { argument in try evaluator.evaluate(argument, row) }
                for number in try IntegerRange(arguments: arguments) {
                    try context.budget.checkpoint()
                    var extended = row
                    extended[variable] = .integer(number)
                    if try !emit(extended) { return false }
                }
                return true
            }
        }
        return StreamingConsumer(context: context, downstream: downstream) { row, emit in
            let items: [Value]
            switch try evaluator.evaluate(expression, row) {
            case .null: items = []
            case .list(let list): items = list
            case let single: items = [single]
            }
            for item in items {
                var extended = row
                extended[variable] = item
                if try !emit(extended) { return false }
            }
            return true
        }
    }
}

/// `FOREACH (variable IN list | updates)`: runs the updates per element and passes rows on.
struct ForeachOperator: EagerOperator {
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
                try context.budget.checkpoint()
                var inner = row
                inner[variable] = item
                _ = try Pipeline.run(body, [inner], context)
            }
        }
        return rows
    }
}
