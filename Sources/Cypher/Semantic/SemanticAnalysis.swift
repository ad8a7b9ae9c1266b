public import Host

/// Checks a parsed statement for errors the grammar cannot see: undefined variables, variables
/// bound twice or with conflicting types, misplaced aggregations, invalid CREATE and MERGE
/// patterns, and mismatched UNION columns.
///
/// The check is permissive: it reports only what is certainly wrong, and a variable whose type
/// it cannot tell (for example one produced by UNWIND or a function) conflicts with nothing.
/// Errors carry `.syntaxError` and no source position, because the syntax tree keeps none.
public enum SemanticAnalysis {
    /// Throws the first semantic error found in `statement`.
    public static func check(_ statement: Statement) throws(ServerError) {
        guard case .query(let query) = statement else { return }
        var analyzer = Analyzer()
        _ = try analyzer.check(query, scope: Scope())
    }
}

/// The variables visible at one point of a query.
struct Scope {
    var variables: [String: StaticType] = [:]

    func contains(_ name: String) -> Bool { variables[name] != nil }

    subscript(name: String) -> StaticType? {
        get { variables[name] }
        set { variables[name] = newValue }
    }
}

struct Analyzer {
    static let aggregateFunctions: Set = [
        "count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp", "percentilecont", "percentiledisc",
    ]

    func failure(_ message: String) -> ServerError { ServerError(.syntaxError, message) }

    /// Checks a query starting from `scope` and returns the scope after its last clause; for a
    /// UNION, every part must return the same columns.
    mutating func check(_ query: Query, scope: Scope) throws(ServerError) -> Scope {
        var columns: [String]?
        var result = scope
        for single in query.singleQueries {
            result = try check(single, scope: scope)
            guard case .return(let ret) = single.clauses.last, !ret.projection.includesAll else { continue }
            let names = ret.projection.items.map(\.name)
            if let columns, columns != names {
                throw failure("All sub queries in an UNION must have the same return column names")
            }
            columns = names
        }
        return result
    }

    private mutating func check(_ single: SingleQuery, scope initial: Scope) throws(ServerError) -> Scope {
        var scope = initial
        for clause in single.clauses { scope = try check(clause, scope: scope) }
        return scope
    }

    private mutating func check(_ clause: Clause, scope: Scope) throws(ServerError) -> Scope {
        var scope = scope
        switch clause {
        case .match(let match):
            try bind(match.pattern, in: &scope, mode: .match)
            if let predicate = match.predicate {
                try checkNoAggregate(predicate, context: "WHERE")
                try requireBoolean(try check(predicate, in: scope), context: "WHERE")
            }
        case .unwind(let unwind):
            try check(unwind.expression, in: scope)
            try declare(unwind.variable, as: .any, in: &scope)
        case .call(let call):
            for argument in call.arguments ?? [] {
                try checkNoAggregate(argument, context: "procedure call arguments")
                try check(argument, in: scope)
            }
            try bind(call.yield, in: &scope)
        case .subquery(let call):
            var inner = scope
            if let imported = call.importedVariables {
                inner = Scope()
                for name in imported {
                    guard let kind = scope[name] else { throw undefined(name) }
                    inner[name] = kind
                }
            }
            let output = try check(call.query, scope: inner)
            if case .return(let ret) = call.query.singleQueries.last?.clauses.last {
                for item in ret.projection.items {
                    if scope.contains(item.name), !isImport(item) { throw alreadyDeclared(item.name) }
                    scope[item.name] = output[item.name] ?? .any
                }
            }
        case .with(let with):
            let projected = try project(with.projection, from: scope, requireAliases: true)
            if let predicate = with.predicate {
                // openCypher lets WHERE after WITH see the variables from before the projection too.
                var visible = projected
                for (name, kind) in scope.variables where visible[name] == nil { visible[name] = kind }
                try checkNoAggregate(predicate, context: "WHERE")
                try requireBoolean(try check(predicate, in: visible), context: "WHERE")
            }
            scope = projected
        case .return(let ret):
            scope = try project(ret.projection, from: scope, requireAliases: false)
        case .create(let create):
            try bind(create.pattern, in: &scope, mode: .create)
        case .merge(let merge):
            if merge.part.element.chain.isEmpty, let name = merge.part.element.start.variable, scope.contains(name) {
                throw failure("Can't create node `\(name)` here. The variable is already declared in this context")
            }
            try bind(Pattern(parts: [merge.part]), in: &scope, mode: .merge)
            for item in merge.actions.flatMap(\.items) { try check(item, in: scope) }
        case .set(let items):
            for item in items { try check(item, in: scope) }
        case .remove(let items):
            for item in items {
                switch item {
                case .property(let entity, _): try check(entity, in: scope)
                case .labels(let variable, _): if !scope.contains(variable) { throw undefined(variable) }
                }
            }
        case .delete(let delete):
            for expression in delete.expressions { try requireDeletable(try check(expression, in: scope)) }
        case .foreach(let foreach):
            try check(foreach.list, in: scope)
            var inner = scope
            inner[foreach.variable] = .any
            for clause in foreach.clauses { inner = try check(clause, scope: inner) }
        }
        return scope
    }

    /// True for `RETURN x` or `RETURN x AS x`, which hands an imported variable back unchanged.
    private func isImport(_ item: ProjectionItem) -> Bool {
        if case .variable(let name) = item.expression { return name == item.name }
        return false
    }

    private mutating func check(_ item: SetItem, in scope: Scope) throws(ServerError) {
        switch item {
        case .property(let entity, _, let value):
            try check(entity, in: scope)
            try check(value, in: scope)
        case .replaceProperties(let variable, let value), .mergeProperties(let variable, let value):
            if !scope.contains(variable) { throw undefined(variable) }
            try check(value, in: scope)
        case .labels(let variable, _):
            if !scope.contains(variable) { throw undefined(variable) }
        }
    }

    private func bind(_ yield: Yield?, in scope: inout Scope) throws(ServerError) {
        guard let yield else { return }
        for item in yield.items { try declare(item.name, as: .any, in: &scope) }
        if let predicate = yield.predicate { try check(predicate, in: scope) }
    }

    func declare(_ name: String, as kind: StaticType, in scope: inout Scope) throws(ServerError) {
        if scope.contains(name) { throw alreadyDeclared(name) }
        scope[name] = kind
    }

    func undefined(_ name: String) -> ServerError { failure("Variable `\(name)` not defined") }

    func alreadyDeclared(_ name: String) -> ServerError { failure("Variable `\(name)` already declared") }
}
