public import Host

/// Returns the permissions a statement needs, computed from its syntax tree.
///
/// The rules:
/// - Every query needs `read`, because even `RETURN 1` uses the reading surface; reads inside
///   MERGE, EXISTS/COUNT/COLLECT subqueries and pattern comprehensions are covered by it. The
///   exception is a query that is only a call of a procedure that needs no permission,
///   optionally followed by `RETURN`, such as `CALL dbms.showCurrentUser()`. Subqueries, pattern
///   comprehensions and pattern predicates in such a query still need `read`.
/// - CREATE, MERGE, SET and REMOVE need `write`; DELETE and DETACH DELETE need `delete`.
/// - FOREACH bodies, CALL { } subqueries, expression subqueries and every side of a UNION
///   contribute their clauses.
/// - Procedure calls need what ``procedurePermissions(_:)`` returns.
/// - Index and constraint commands need `schema`; SHOW INDEXES and SHOW CONSTRAINTS need `read`.
/// - User and role commands need `admin`, except SHOW CURRENT USER and ALTER CURRENT USER SET
///   PASSWORD, which need no permission beyond being authenticated.
/// - `EXPLAIN` and `PROFILE` need what the query they prefix needs; the parser returns the
///   prefix apart from the statement, so the statement alone decides.
public func requiredPermissions(of statement: Statement) -> PermissionSet {
    switch statement {
    case .query(let query):
        return permissions(of: query)
    case .schema(let command):
        switch command {
        case .showIndexes, .showConstraints: return .read
        case .createIndex, .dropIndex, .dropIndexOn, .createConstraint, .dropConstraint: return .schema
        }
    case .administration(let command):
        switch command {
        case .showCurrentUser, .alterCurrentUserPassword: return []
        default: return .admin
        }
    }
}

/// Returns the permissions a call of the named procedure needs; the name is matched without
/// regard to case, as Neo4j matches procedure names.
///
/// `dbms.showCurrentUser` needs none beyond being logged in, as in Neo4j. Test procedures,
/// which a server defines only when started with `NORNICDB_TEST_PROCEDURES`, need `read`.
public func procedurePermissions(_ qualifiedName: String) -> PermissionSet {
    let name = qualifiedName.lowercased()
    if name.hasPrefix("dbms.security.") { return .admin }
    if name == "dbms.showcurrentuser" { return [] }
    let readOnly: Set = ["db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes", "dbms.components"]
    if readOnly.contains(name) { return .read }
    // NOTE: unknown procedures count as reads until each registered procedure declares its mode.
    return .read
}

private func permissions(of query: Query) -> PermissionSet {
    var result: PermissionSet = isPermissionFreeCall(query) ? [] : .read
    for single in query.singleQueries {
        for clause in single.clauses { result.formUnion(permissions(of: clause)) }
    }
    return result
}

/// True for `CALL proc(...) [YIELD ...] [RETURN ...]` without UNION, where the procedure needs
/// no permission. Subqueries, pattern comprehensions and pattern predicates in its expressions
/// still add theirs.
private func isPermissionFreeCall(_ query: Query) -> Bool {
    let clauses = query.first.clauses
    guard query.unions.isEmpty, case .call(let call) = clauses.first, clauses.count <= 2,
        procedurePermissions(call.qualifiedName).isEmpty
    else { return false }
    guard clauses.count == 2, let last = clauses.last else { return true }
    if case .return = last { return true }
    return false
}

private func permissions(of clause: Clause) -> PermissionSet {
    var result: PermissionSet = []
    var expressions: [Expression] = []
    switch clause {
    case .match(let match):
        result = .read
        expressions = match.pattern.parts.flatMap(\.element.expressions) + [match.predicate].compactMap { $0 }
    case .unwind(let unwind):
        expressions = [unwind.expression]
    case .call(let call):
        result = procedurePermissions(call.qualifiedName)
        expressions = (call.arguments ?? []) + [call.yield?.predicate].compactMap { $0 }
    case .subquery(let call):
        result = permissions(of: call.query)
        expressions = [call.inTransactions?.batchSize].compactMap { $0 }
    case .with(let with):
        expressions = projectionExpressions(with.projection) + [with.predicate].compactMap { $0 }
    case .return(let ret):
        expressions = projectionExpressions(ret.projection)
    case .create(let create):
        result = .write
        expressions = create.pattern.parts.flatMap(\.element.expressions)
    case .merge(let merge):
        result = [.read, .write]
        expressions = merge.part.element.expressions + merge.actions.flatMap(\.items).flatMap(setExpressions)
    case .set(let items):
        result = .write
        expressions = items.flatMap(setExpressions)
    case .remove(let items):
        result = .write
        expressions = items.map { item in
            if case .property(let entity, _) = item { return entity }
            return .literal(.null)
        }
    case .delete(let delete):
        result = .delete
        expressions = delete.expressions
    case .foreach(let foreach):
        expressions = [foreach.list]
        for inner in foreach.clauses { result.formUnion(permissions(of: inner)) }
    }
    for expression in expressions {
        expression.forEachDescendant { descendant in
            for query in descendant.subqueries { result.formUnion(permissions(of: query)) }
            if readsGraph(descendant) { result.formUnion(.read) }
        }
    }
    return result
}

/// True for a pattern comprehension or pattern predicate, which matches patterns in the graph
/// without a clause of its own.
private func readsGraph(_ expression: Expression) -> Bool {
    switch expression {
    case .patternComprehension, .patternPredicate: true
    default: false
    }
}

private func projectionExpressions(_ projection: Projection) -> [Expression] {
    projection.items.map(\.expression) + projection.orderBy.map(\.expression)
        + [projection.skip, projection.limit].compactMap { $0 }
}

private func setExpressions(_ item: SetItem) -> [Expression] {
    switch item {
    case .property(let entity, _, let value): [entity, value]
    case .replaceProperties(_, let value), .mergeProperties(_, let value): [value]
    case .labels: []
    }
}
