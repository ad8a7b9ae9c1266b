import Cypher
import Host
import Testing

@Suite struct ExpressionTests {
    private let a = variable("a")
    private let b = variable("b")
    private let c = variable("c")

    @Test func booleanPrecedence() throws {
        #expect(try parseExpression("a OR b AND c") == .binary(.or, a, .binary(.and, b, c)))
        #expect(try parseExpression("a XOR b OR c") == .binary(.or, .binary(.xor, a, b), c))
        #expect(try parseExpression("a AND b XOR c") == .binary(.xor, .binary(.and, a, b), c))
        #expect(try parseExpression("NOT a AND b") == .binary(.and, .unary(.not, a), b))
        #expect(try parseExpression("NOT a = b") == .unary(.not, .binary(.equal, a, b)))
        #expect(try parseExpression("NOT NOT a") == .unary(.not, .unary(.not, a)))
    }

    @Test func arithmeticPrecedence() throws {
        #expect(try parseExpression("a + b * c") == .binary(.add, a, .binary(.multiply, b, c)))
        #expect(try parseExpression("a - b - c") == .binary(.subtract, .binary(.subtract, a, b), c))
        #expect(try parseExpression("a * b ^ c") == .binary(.multiply, a, .binary(.power, b, c)))
        #expect(try parseExpression("a ^ b ^ c") == .binary(.power, .binary(.power, a, b), c))
        #expect(try parseExpression("a / b % c") == .binary(.modulo, .binary(.divide, a, b), c))
        #expect(try parseExpression("-a ^ b") == .binary(.power, .unary(.negate, a), b))
        #expect(try parseExpression("-2 ^ 2") == .binary(.power, integer(-2), integer(2)))
        #expect(try parseExpression("+a") == .unary(.plus, a))
        #expect(try parseExpression("- -a") == .unary(.negate, .unary(.negate, a)))
        #expect(try parseExpression("(a + b) * c") == .binary(.multiply, .binary(.add, a, b), c))
        #expect(try parseExpression("a-1") == .binary(.subtract, a, integer(1)))
    }

    @Test(arguments: [
        ("=", BinaryOperator.equal), ("<>", .notEqual), ("<", .less), (">", .greater), ("<=", .lessOrEqual),
        (">=", .greaterOrEqual),
    ])
    func comparisons(symbol: String, op: BinaryOperator) throws {
        #expect(try parseExpression("a \(symbol) b") == .binary(op, a, b))
    }

    @Test func chainedComparison() throws {
        #expect(
            try parseExpression("a < b <= c")
                == .binary(.and, .binary(.less, a, b), .binary(.lessOrEqual, b, c))
        )
        let four = try parseExpression("1 < 2 = 3 > 4")
        let expected = Expression.binary(
            .and,
            .binary(.and, .binary(.less, integer(1), integer(2)), .binary(.equal, integer(2), integer(3))),
            .binary(.greater, integer(3), integer(4))
        )
        #expect(four == expected)
    }

    @Test func bangEqualRejected() {
        #expect(parseError("RETURN a != b")?.message.contains("<>") == true)
    }

    @Test func predicates() throws {
        #expect(try parseExpression("a IS NULL") == .isNull(a, negated: false))
        #expect(try parseExpression("a IS NOT NULL") == .isNull(a, negated: true))
        #expect(try parseExpression("a STARTS WITH b") == .binary(.startsWith, a, b))
        #expect(try parseExpression("a ENDS WITH b") == .binary(.endsWith, a, b))
        #expect(try parseExpression("a CONTAINS b") == .binary(.contains, a, b))
        #expect(try parseExpression("a =~ b") == .binary(.regexMatch, a, b))
        #expect(try parseExpression("a IN b") == .binary(.in, a, b))
        #expect(try parseExpression("a + b IN c") == .binary(.in, .binary(.add, a, b), c))
        #expect(try parseExpression("a = b IN c") == .binary(.equal, a, .binary(.in, b, c)))
        #expect(try parseExpression("a IS NULL = b") == .binary(.equal, .isNull(a, negated: false), b))
        #expect(try parseExpression("NOT a IS NULL") == .unary(.not, .isNull(a, negated: false)))
        #expect(try parseExpression("a:Person:Admin") == .hasLabels(a, labels: .all(["Person", "Admin"])!))
        #expect(
            try parseExpression("a:A|!B&%") == .hasLabels(a, labels: .or(.name("A"), .and(.not(.name("B")), .wildcard)))
        )
    }

    @Test func lookups() throws {
        #expect(try parseExpression("a.b.c") == .property(.property(a, key: "b"), key: "c"))
        #expect(try parseExpression("a.count") == .property(a, key: "count"))
        #expect(try parseExpression("l[0]") == .subscript(variable("l"), index: integer(0)))
        #expect(try parseExpression("l[1..2]") == .slice(variable("l"), from: integer(1), to: integer(2)))
        #expect(try parseExpression("l[..2]") == .slice(variable("l"), from: nil, to: integer(2)))
        #expect(try parseExpression("l[1..]") == .slice(variable("l"), from: integer(1), to: nil))
        #expect(
            try parseExpression("l[0][1]")
                == .subscript(.subscript(variable("l"), index: integer(0)), index: integer(1))
        )
        #expect(try parseExpression("{a: 1}.a") == .property(.map([MapEntry(key: "a", value: integer(1))]), key: "a"))
        #expect(try parseExpression("-a.b") == .unary(.negate, .property(a, key: "b")))
    }

    @Test func functionCalls() throws {
        #expect(try parseExpression("count(*)") == .countStar)
        #expect(try parseExpression("COUNT( * )") == .countStar)
        #expect(
            try parseExpression("count(DISTINCT a)")
                == .functionCall(FunctionCall(name: "count", distinct: true, arguments: [a]))
        )
        #expect(try parseExpression("rand()") == .functionCall(FunctionCall(name: "rand", arguments: [])))
        let namespaced = try parseExpression("apoc.text.join(a, 'x')")
        #expect(
            namespaced
                == .functionCall(FunctionCall(namespace: ["apoc", "text"], name: "join", arguments: [a, string("x")]))
        )
        if case .functionCall(let call) = namespaced { #expect(call.lookupName == "apoc.text.join") }
        #expect(
            try parseExpression("toUpper(a)")
                == .functionCall(FunctionCall(name: "toUpper", arguments: [a]))
        )
    }

    @Test func caseExpressions() throws {
        #expect(
            try parseExpression("CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END")
                == .caseExpression(
                    CaseExpression(
                        subject: a,
                        alternatives: [
                            CaseAlternative(condition: integer(1), result: string("one")),
                            CaseAlternative(condition: integer(2), result: string("two")),
                        ],
                        defaultValue: string("many")
                    )
                )
        )
        #expect(
            try parseExpression("CASE WHEN a THEN b END")
                == .caseExpression(CaseExpression(alternatives: [CaseAlternative(condition: a, result: b)]))
        )
        #expect(parseError("RETURN CASE a END") != nil)
        #expect(parseError("RETURN CASE WHEN a THEN b") != nil)
    }

    @Test func comprehensions() throws {
        #expect(
            try parseExpression("[x IN l WHERE x > 1 | x * 2]")
                == .listComprehension(
                    ListComprehension(
                        variable: "x",
                        list: variable("l"),
                        predicate: .binary(.greater, variable("x"), integer(1)),
                        projection: .binary(.multiply, variable("x"), integer(2))
                    )
                )
        )
        #expect(
            try parseExpression("[x IN l]") == .listComprehension(ListComprehension(variable: "x", list: variable("l")))
        )
        #expect(
            try parseExpression("[x IN l | x]")
                == .listComprehension(ListComprehension(variable: "x", list: variable("l"), projection: variable("x")))
        )
        let pattern = try parseExpression("[(a)-->(b) WHERE b.x | b.name]")
        guard case .patternComprehension(let comprehension) = pattern else {
            Issue.record("not a pattern comprehension: \(pattern)")
            return
        }
        #expect(comprehension.pathVariable == nil)
        #expect(comprehension.element.chain.count == 1)
        #expect(comprehension.predicate == .property(b, key: "x"))
        #expect(comprehension.projection == .property(b, key: "name"))
        let named = try parseExpression("[p = (a)-[:R]->() | p]")
        if case .patternComprehension(let comprehension) = named {
            #expect(comprehension.pathVariable == "p")
        } else {
            Issue.record("not a pattern comprehension: \(named)")
        }
        #expect(try parseExpression("[(1), (2)]") == .list([integer(1), integer(2)]))
    }

    @Test(arguments: [("all", Quantifier.Kind.all), ("ANY", .any), ("none", .none), ("single", .single)])
    func quantifiers(name: String, kind: Quantifier.Kind) throws {
        #expect(
            try parseExpression("\(name)(x IN l WHERE x > 0)")
                == .quantifier(
                    Quantifier(
                        kind: kind,
                        variable: "x",
                        list: variable("l"),
                        predicate: .binary(.greater, variable("x"), integer(0))
                    )
                )
        )
    }

    @Test func reduce() throws {
        #expect(
            try parseExpression("reduce(acc = 0, x IN l | acc + x)")
                == .reduce(
                    Reduce(
                        accumulator: "acc",
                        initial: integer(0),
                        variable: "x",
                        list: variable("l"),
                        expression: .binary(.add, variable("acc"), variable("x"))
                    )
                )
        )
    }

    @Test func mapProjection() throws {
        #expect(
            try parseExpression("n {.name, .*, x: 1, other}")
                == .mapProjection(
                    MapProjection(
                        variable: "n",
                        items: [
                            .property("name"), .allProperties, .literal(key: "x", value: integer(1)),
                            .variable("other"),
                        ]
                    )
                )
        )
        #expect(try parseExpression("n {}") == .mapProjection(MapProjection(variable: "n", items: [])))
    }

    @Test func patternPredicates() throws {
        let predicate = try parseExpression("(a)-[:KNOWS]->(b)")
        guard case .patternPredicate(let element) = predicate else {
            Issue.record("not a pattern predicate: \(predicate)")
            return
        }
        #expect(element.start.variable == "a")
        #expect(element.chain.first?.relationship.types == ["KNOWS"])
        #expect(try parseExpression("(a) - (b)") == .binary(.subtract, a, b))
        #expect(try parseExpression("(a) < (b)") == .binary(.less, a, b))
        #expect(try parseExpression("(a) <-1") == .binary(.less, a, integer(-1)))
        let negated = try parseExpression("NOT (a)<--()")
        if case .unary(.not, .patternPredicate(let inner)) = negated {
            #expect(inner.chain.first?.relationship.direction == .incoming)
        } else {
            Issue.record("not a negated pattern predicate: \(negated)")
        }
    }

    @Test func subqueryExpressions() throws {
        let exists = try parseExpression("EXISTS { (a)-->(b) WHERE b.x = 1 }")
        guard case .existsSubquery(let query) = exists, case .match(let match) = query.first.clauses.first else {
            Issue.record("not an EXISTS subquery: \(exists)")
            return
        }
        #expect(match.predicate != nil)
        let full = try parseExpression("EXISTS { MATCH (a)-->(b) RETURN b }")
        if case .existsSubquery(let query) = full { #expect(query.first.clauses.count == 2) }
        let count = try parseExpression("COUNT { (a)-->() }")
        if case .countSubquery = count {} else { Issue.record("not a COUNT subquery: \(count)") }
        let collect = try parseExpression("COLLECT { MATCH (a) RETURN a.x }")
        if case .collectSubquery = collect {} else { Issue.record("not a COLLECT subquery: \(collect)") }
        #expect(
            try parseExpression("exists(a.x)")
                == .functionCall(FunctionCall(name: "exists", arguments: [.property(a, key: "x")]))
        )
    }

    @Test func keywordsAsNames() throws {
        #expect(try parseExpression("count") == variable("count"))
        #expect(try parseExpression("n.created_at") == .property(variable("n"), key: "created_at"))
        #expect(try parseExpression("n.delete") == .property(variable("n"), key: "delete"))
        #expect(try parseExpression("all") == variable("all"))
    }
}
