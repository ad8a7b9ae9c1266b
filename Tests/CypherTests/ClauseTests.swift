import Cypher
import Host
import Testing

@Suite struct ClauseTests {
    @Test func matchAndWhere() throws {
        let clauses = try parseClauses("MATCH (n) OPTIONAL MATCH (n)-->(m) WHERE m.x = 1 RETURN n, m")
        #expect(clauses.count == 3)
        guard case .match(let first) = clauses[0], case .match(let second) = clauses[1] else {
            Issue.record("expected two MATCH clauses")
            return
        }
        #expect(!first.optional)
        #expect(second.optional)
        #expect(second.predicate == .binary(.equal, .property(variable("m"), key: "x"), integer(1)))
    }

    @Test func returnProjection() throws {
        let clauses = try parseClauses(
            "MATCH (n) RETURN DISTINCT n.name AS name, count( * ) ORDER BY name DESC, 2 ASCENDING SKIP 1 LIMIT $l"
        )
        guard case .return(let ret) = clauses.last else {
            Issue.record("expected RETURN")
            return
        }
        let projection = ret.projection
        #expect(projection.distinct)
        #expect(projection.items.map(\.name) == ["name", "count( * )"])
        #expect(projection.items[0].text == "n.name")
        #expect(projection.orderBy.map(\.ascending) == [false, true])
        #expect(projection.skip == integer(1))
        #expect(projection.limit == .parameter("l"))
    }

    @Test func sortDirections() throws {
        for (keyword, ascending) in [
            ("ASC", true), ("ASCENDING", true), ("DESC", false), ("DESCENDING", false), ("", true),
        ] {
            guard case .return(let ret) = try parseClauses("RETURN 1 AS x ORDER BY x \(keyword)").last else { continue }
            #expect(ret.projection.orderBy.first?.ascending == ascending, "ORDER BY x \(keyword)")
        }
    }

    @Test func returnStar() throws {
        guard case .return(let ret) = try parseClauses("MATCH (n) RETURN *, 1 AS one").last else {
            Issue.record("expected RETURN")
            return
        }
        #expect(ret.projection.includesAll)
        #expect(ret.projection.items.map(\.name) == ["one"])
    }

    @Test func withWhere() throws {
        guard
            case .with(let with) = try parseClauses(
                "MATCH (n) WITH n, n.x AS x ORDER BY x LIMIT 3 WHERE x > 1 RETURN n"
            )[1]
        else {
            Issue.record("expected WITH")
            return
        }
        #expect(with.projection.items.count == 2)
        #expect(with.projection.limit == integer(3))
        #expect(with.predicate == .binary(.greater, variable("x"), integer(1)))
    }

    @Test func unwind() throws {
        #expect(
            try parseClauses("UNWIND [1, 2] AS x RETURN x").first
                == .unwind(Unwind(expression: .list([integer(1), integer(2)]), variable: "x"))
        )
    }

    @Test func createAndMerge() throws {
        let clauses = try parseClauses(
            "CREATE (a:A {x: 1})-[:R]->(b) MERGE (c:C {id: 1}) "
                + "ON CREATE SET c.new = true ON MATCH SET c.seen = 1, c:Seen"
        )
        guard case .create(let create) = clauses[0], case .merge(let merge) = clauses[1] else {
            Issue.record("expected CREATE and MERGE")
            return
        }
        #expect(create.pattern.parts[0].element.chain.count == 1)
        #expect(merge.onCreate == [.property(entity: variable("c"), key: "new", value: .literal(.boolean(true)))])
        #expect(
            merge.onMatch == [
                .property(entity: variable("c"), key: "seen", value: integer(1)),
                .labels(variable: "c", labels: ["Seen"]),
            ]
        )
    }

    @Test func setItems() throws {
        let clauses = try parseClauses("MATCH (n) SET n.p = 1, n = {a: 1}, n += $m, n:A:B, n.a.b = 2")
        #expect(
            clauses[1]
                == .set([
                    .property(entity: variable("n"), key: "p", value: integer(1)),
                    .replaceProperties(variable: "n", value: .map([MapEntry(key: "a", value: integer(1))])),
                    .mergeProperties(variable: "n", value: .parameter("m")),
                    .labels(variable: "n", labels: ["A", "B"]),
                    .property(entity: .property(variable("n"), key: "a"), key: "b", value: integer(2)),
                ])
        )
    }

    @Test func removeAndDelete() throws {
        let clauses = try parseClauses("MATCH (n)-[r]->() REMOVE n.p, n:A:B DELETE r DETACH DELETE n")
        #expect(
            clauses[1]
                == .remove([.property(entity: variable("n"), key: "p"), .labels(variable: "n", labels: ["A", "B"])])
        )
        #expect(clauses[2] == .delete(Delete(detach: false, expressions: [variable("r")])))
        #expect(clauses[3] == .delete(Delete(detach: true, expressions: [variable("n")])))
        #expect(parseError("MATCH (n) DELETE n:Person") != nil)
    }

    @Test func foreach() throws {
        let clause = try parseClauses("MATCH (n) FOREACH (x IN [1, 2] | CREATE (:N {v: x}) SET n.v = x)")[1]
        guard case .foreach(let foreach) = clause else {
            Issue.record("expected FOREACH")
            return
        }
        #expect(foreach.variable == "x")
        #expect(foreach.clauses.count == 2)
        #expect(parseError("FOREACH (x IN [1] | MATCH (n) RETURN n)") != nil)
        #expect(parseError("FOREACH (x IN [1] | )") != nil)
    }

    @Test func union() throws {
        let query = try parseQuery("RETURN 1 AS x UNION RETURN 2 AS x UNION RETURN 3 AS x")
        #expect(query.unions.count == 2)
        #expect(query.unions.allSatisfy { !$0.all })
        #expect(try parseQuery("RETURN 1 AS x UNION ALL RETURN 2 AS x").unions.first?.all == true)
        #expect(parseError("RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x")?.status == .syntaxError)
    }

    @Test func procedureCalls() throws {
        #expect(
            try parseClauses("CALL db.labels").first
                == .call(ProcedureCall(namespace: ["db"], name: "labels", arguments: nil))
        )
        #expect(
            try parseClauses("CALL db.labels()").first
                == .call(ProcedureCall(namespace: ["db"], name: "labels", arguments: []))
        )
        let clauses = try parseClauses("CALL my.proc(1, 'a') YIELD a, b AS c WHERE c > 1 RETURN a, c")
        guard case .call(let call) = clauses.first else {
            Issue.record("expected CALL")
            return
        }
        #expect(call.qualifiedName == "my.proc")
        #expect(call.arguments == [integer(1), string("a")])
        #expect(call.yield?.items == [YieldItem(field: "a"), YieldItem(field: "b", alias: "c")])
        #expect(call.yield?.predicate == .binary(.greater, variable("c"), integer(1)))
        #expect(try parseClauses("CALL db.labels() YIELD *").count == 1)
        #expect(parseError("CALL db.labels() YIELD * RETURN label") != nil)
        #expect(parseError("MATCH (n) CALL db.labels() YIELD label") != nil)
    }

    @Test func subqueryCalls() throws {
        let clauses = try parseClauses("MATCH (n) CALL { WITH n MATCH (n)-->(m) RETURN m } RETURN n, m")
        guard case .subquery(let call) = clauses[1] else {
            Issue.record("expected CALL { }")
            return
        }
        #expect(call.query.first.clauses.count == 3)
        #expect(call.importedVariables == nil)
        guard case .subquery(let scoped) = try parseClauses("MATCH (n) CALL (n) { CREATE (:X) } RETURN n")[1] else {
            Issue.record("expected CALL (n) { }")
            return
        }
        #expect(scoped.importedVariables == ["n"])
        let batched = try parseClauses("CALL { CREATE (:X) } IN TRANSACTIONS OF 10 ROWS")
        if case .subquery(let call) = batched[0] { #expect(call.inTransactions?.batchSize == integer(10)) }
        #expect(try parseClauses("CALL { RETURN 1 AS x UNION RETURN 2 AS x } RETURN x").count == 2)
    }

    @Test func conclusionRules() {
        for text in ["MATCH (n)", "MATCH (n) WITH n", "UNWIND [1] AS x", "OPTIONAL MATCH (n)", "RETURN 1 RETURN 2"] {
            #expect(parseError(text)?.status == .syntaxError, "\(text)")
        }
        for text in [
            "CREATE (n)", "MATCH (n) SET n.x = 1", "MATCH (n) DELETE n", "CALL db.labels",
            "MATCH (n) CALL { CREATE () }",
        ] {
            #expect(parseError(text) == nil, "\(text)")
        }
    }

    @Test func keywordCaseAndSemicolon() throws {
        #expect(try parseClauses("match (n) return n;").count == 2)
        #expect(try parseClauses("MaTcH (n) ReTuRn n").count == 2)
        #expect(parseError("RETURN 1;;") != nil)
    }
}
