import Cypher
import GraphValue
import Host

/// Turns a parsed query into a plan, checking scope and clause order as Neo4j does.
enum QueryPlanner {
    static func plan(_ query: Query, procedures: ProcedureRegistry = .builtIn) throws(ServerError) -> QueryPlan {
        try ClauseCount.check(query)
        try FunctionValidation.check(query)
        let parts = try query.singleQueries.map { single throws(ServerError) in
            var planner = SingleQueryPlanner(standalone: single.clauses.count == 1, procedures: procedures)
            return try planner.plan(single.clauses, final: true)
        }
        if Set(query.unions.map(\.all)).count > 1 {
            throw ServerError(.syntaxError, "Invalid combination of UNION and UNION ALL")
        }
        for part in parts.dropFirst() where part.columns != parts[0].columns {
            throw ServerError(.syntaxError, "All sub queries in an UNION must have the same return column names")
        }
        let distinct = query.unions.first.map { !$0.all } ?? false
        return QueryPlan(parts: parts, distinctUnion: distinct, parameters: ParameterCollector.names(in: query))
    }
}

/// Plans the clauses of one single query, tracking the variables in scope.
struct SingleQueryPlanner {
    /// True when the query is one clause, where `CALL` without `YIELD` returns every column.
    let standalone: Bool
    /// The procedures that `CALL` may name.
    let procedures: ProcedureRegistry
    private(set) var scope: [String] = []
    var operators: [any Operator] = []
    private var columns: [String] = []
    var writes = false

    init(standalone: Bool, procedures: ProcedureRegistry, scope: [String] = []) {
        self.standalone = standalone
        self.procedures = procedures
        self.scope = scope
    }

    var scopeSet: Set<String> { Set(scope) }

    /// - Parameter final: true for a whole query, which must end in RETURN or an update.
    mutating func plan(_ clauses: [Clause], final: Bool) throws(ServerError) -> SingleQueryPlan {
        for (index, clause) in clauses.enumerated() {
            if !columns.isEmpty {
                throw ServerError(.syntaxError, "RETURN can only be used at the end of the query")
            }
            try plan(clause, isLast: index == clauses.count - 1)
        }
        if final, let last = clauses.last {
            switch last {
            case .match, .unwind, .with:
                throw ServerError(
                    .syntaxError,
                    "Query cannot conclude with \(Self.name(of: last)) (must be a RETURN clause, "
                        + "an update clause, a unit subquery call, or a procedure call with no YIELD)"
                )
            default:
                break
            }
        }
        return SingleQueryPlan(operators: operators, columns: columns, writes: writes)
    }

    private mutating func plan(_ clause: Clause, isLast: Bool) throws(ServerError) {
        switch clause {
        case .match(let match):
            try planMatch(match)
        case .unwind(let unwind):
            try ExpressionAnalysis.checkDefined(unwind.expression, in: scopeSet)
            operators.append(UnwindOperator(expression: unwind.expression, variable: unwind.variable))
            introduce([unwind.variable])
        case .with(let with):
            var projection = try ProjectionPlanner.plan(
                with.projection,
                scope: scopeSet,
                orderedScope: scope,
                requireAliases: true
            )
            if let predicate = with.predicate {
                try ExpressionAnalysis.checkDefined(predicate, in: scopeSet.union(projection.columns))
                projection.predicate = predicate
            }
            operators.append(projection)
            scope = projection.columns
        case .return(let returnClause):
            let projection = try ProjectionPlanner.plan(returnClause.projection, scope: scopeSet, orderedScope: scope)
            operators.append(projection)
            columns = projection.columns
        case .create(let create):
            writes = true
            try UpdatePlanning.checkCreate(create.pattern, scope: scopeSet)
            operators.append(CreateOperator(pattern: create.pattern))
            introduce(create.pattern.parts.flatMap(UpdatePlanning.variables))
        case .merge(let merge):
            writes = true
            try UpdatePlanning.checkCreate(Pattern(parts: [merge.part]), scope: scopeSet, merge: true)
            introduce(UpdatePlanning.variables(merge.part))
            for item in merge.actions.flatMap(\.items) { try UpdatePlanning.check(item, scope: scopeSet) }
            operators.append(MergeOperator(part: merge.part, onCreate: merge.onCreate, onMatch: merge.onMatch))
        case .set(let items):
            writes = true
            for item in items { try UpdatePlanning.check(item, scope: scopeSet) }
            operators.append(SetOperator(items: items))
        case .remove(let items):
            writes = true
            for item in items { try UpdatePlanning.check(item, scope: scopeSet) }
            operators.append(RemoveOperator(items: items))
        case .delete(let delete):
            writes = true
            for expression in delete.expressions { try ExpressionAnalysis.checkDefined(expression, in: scopeSet) }
            operators.append(DeleteOperator(expressions: delete.expressions, detach: delete.detach))
        case .foreach(let foreach):
            writes = true
            try ExpressionAnalysis.checkDefined(foreach.list, in: scopeSet)
            var inner = SingleQueryPlanner(standalone: false, procedures: procedures, scope: scope + [foreach.variable])
            let body = try inner.plan(foreach.clauses, final: false)
            operators.append(ForeachOperator(variable: foreach.variable, list: foreach.list, body: body.operators))
        case .call(let call):
            try planCall(call, isLast: isLast)
        case .subquery(let call):
            try planSubquery(call)
        }
    }

    mutating func setColumns(_ names: [String]) { columns = names }

    mutating func introduce(_ variables: [String]) {
        for variable in variables where !scope.contains(variable) { scope.append(variable) }
    }

    private static func name(of clause: Clause) -> String {
        switch clause {
        case .match(let match): match.optional ? "OPTIONAL MATCH" : "MATCH"
        case .unwind: "UNWIND"
        case .with: "WITH"
        case .subquery: "CALL"
        default: "this clause"
        }
    }
}
