import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct ExplainTests {
    /// Returns the operator names of a plan from the root down, following first children.
    static func spine(_ plan: PlanDescription?) -> [String] {
        var names: [String] = []
        var node = plan
        while let current = node {
            names.append(current.operatorType)
            node = current.children.first
        }
        return names
    }

    @Test func explainReturnsPlanWithoutRows() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:Person {name: 'a'})")
        let result = try db.run("EXPLAIN MATCH (n:Person) RETURN n.name AS name")
        #expect(result.rows.isEmpty)
        #expect(result.columns == ["name"])
        #expect(result.profile == nil)
        #expect(Self.spine(result.plan) == ["ProduceResults", "Projection", "NodeByLabelScan"])
        #expect(result.plan?.identifiers == ["name"])
        let scan = result.plan?.allOperators.last
        #expect(scan?.arguments["Details"] == "n:Person")
        #expect(scan?.identifiers == ["n"])
    }

    @Test func explainUsesIndexSeek() throws {
        let db = try TestDatabase()
        try db.run("CREATE INDEX person_name FOR (n:Person) ON (n.name)")
        let seek = try db.run("EXPLAIN MATCH (n:Person) WHERE n.name = 'a' RETURN n")
        #expect(Self.spine(seek.plan) == ["ProduceResults", "Projection", "Filter", "NodeIndexSeek"])
        let inline = try db.run("EXPLAIN MATCH (n:Person {name: $name}) RETURN n")
        #expect(inline.plan?.allOperators.contains { $0.operatorType == "NodeIndexSeek" } == true)
        let other = try db.run("EXPLAIN MATCH (n:Person) WHERE n.age = 3 RETURN n")
        #expect(Self.spine(other.plan) == ["ProduceResults", "Projection", "Filter", "NodeByLabelScan"])
    }

    @Test func explainExpandAndAllNodes() throws {
        let db = try TestDatabase()
        let plan = try db.run("EXPLAIN MATCH (a)-[r:KNOWS]->(b) RETURN count(*) AS c").plan
        #expect(Self.spine(plan) == ["ProduceResults", "EagerAggregation", "Expand(All)", "AllNodesScan"])
        let expand = plan?.allOperators.first { $0.operatorType == "Expand(All)" }
        #expect(expand?.arguments["Details"] == "(a)-[r:KNOWS]->(b)")
        #expect(expand?.identifiers == ["a", "r", "b"])
    }

    @Test func explainStartsAtLabelledEnd() throws {
        let db = try TestDatabase()
        let plan = try db.run("EXPLAIN MATCH (a)-[:R]->(b:B) RETURN a").plan
        #expect(Self.spine(plan) == ["ProduceResults", "Projection", "Expand(All)", "NodeByLabelScan"])
        #expect(plan?.allOperators.last?.arguments["Details"] == "b:B")
    }

    @Test func explainWriteCreatesNothing() throws {
        let db = try TestDatabase()
        let result = try db.run("EXPLAIN CREATE (:Made {x: 1})")
        #expect(Self.spine(result.plan) == ["ProduceResults", "EmptyResult", "Create"])
        #expect(result.queryType == .write)
        #expect(result.statistics == QueryStatistics())
        #expect(try db.column("MATCH (n:Made) RETURN count(n)") == [0])
    }

    @Test func explainSkipsMissingParameters() throws {
        let db = try TestDatabase()
        let result = try db.run("EXPLAIN MATCH (n) WHERE n.x = $missing RETURN n")
        #expect(result.plan != nil)
    }

    @Test func explainOrderAndLimit() throws {
        let db = try TestDatabase()
        let top = try db.run("EXPLAIN MATCH (n) RETURN n ORDER BY n.x LIMIT 3").plan
        #expect(Self.spine(top) == ["ProduceResults", "Top", "Projection", "AllNodesScan"])
        let limited = try db.run("EXPLAIN UNWIND [1, 2] AS x RETURN DISTINCT x SKIP 1 LIMIT 1").plan
        #expect(Self.spine(limited) == ["ProduceResults", "Limit", "Skip", "Distinct", "Projection", "Unwind"])
    }

    @Test func explainUnionAndProcedure() throws {
        let db = try TestDatabase()
        let union = try db.run("EXPLAIN RETURN 1 AS x UNION RETURN 2 AS x").plan
        #expect(Self.spine(union) == ["ProduceResults", "Distinct", "Union", "Projection"])
        #expect(union?.allOperators.first { $0.operatorType == "Union" }?.children.count == 2)
        let call = try db.run("EXPLAIN CALL db.labels() YIELD label RETURN label").plan
        #expect(Self.spine(call) == ["ProduceResults", "Projection", "ProcedureCall"])
    }

    @Test func explainSchemaCommandRejected() throws {
        let db = try TestDatabase()
        #expect(db.error("EXPLAIN CREATE INDEX FOR (n:A) ON (n.x)")?.status == .syntaxError)
        #expect(db.error("PROFILE SHOW INDEXES")?.status == .syntaxError)
    }

    /// Returns a pattern of `hops` relationships in a row: `(a0)-->(a1)-->...`.
    static func chain(_ hops: Int) -> String {
        "(a0)" + (1...hops).map { "-->(a\($0))" }.joined()
    }

    @Test func explainRejectsDeepPlan() throws {
        let db = try TestDatabase()
        let error = db.error("EXPLAIN MATCH \(Self.chain(3000)) RETURN 1 AS one")
        #expect(error?.status == .syntaxError)
        #expect(error?.message.contains("\(PlanNode.maximumDepth)") == true)
    }

    @Test func profileOfDeepPlanRunsNothing() throws {
        let db = try TestDatabase()
        let items = (0..<300).map { "n.p\($0) = 1" }.joined(separator: ", ")
        let error = db.error("PROFILE CREATE (n:Made) SET \(items)")
        #expect(error?.status == .syntaxError)
        #expect(try db.column("MATCH (n) RETURN count(n)") == [0])
    }

    @Test func explainKeepsPlanAtDepthLimit() throws {
        let db = try TestDatabase()
        let hops = PlanNode.maximumDepth - 3
        let plan = try #require(try db.run("EXPLAIN MATCH \(Self.chain(hops)) RETURN 1 AS one").plan)
        // ProduceResults, Projection, the expansions and the scan below them.
        #expect(Self.spine(plan).count == hops + 3)
    }

    @Test func profileCountsRowsAndHits() throws {
        let db = try TestDatabase()
        try db.run("UNWIND range(1, 5) AS i CREATE (:P {i: i})")
        try db.run("CREATE (:Q)")
        let result = try db.run("PROFILE MATCH (n:P) WHERE n.i > 2 RETURN n.i AS i ORDER BY i")
        #expect(result.rows == [[3], [4], [5]])
        #expect(result.plan == nil)
        let profile = try #require(result.profile)
        #expect(Self.spine(profile) == ["ProduceResults", "Sort", "Projection", "Filter", "NodeByLabelScan"])
        #expect(profile.statistics?.rows == 3)
        let filter = profile.allOperators.first { $0.operatorType == "Filter" }
        #expect(filter?.statistics?.rows == 3)
        #expect((filter?.statistics?.dbHits ?? 0) >= 6)
        let sort = profile.allOperators.first { $0.operatorType == "Sort" }
        #expect(sort?.statistics?.rows == 3)
    }

    @Test func profileRunsWrites() throws {
        let db = try TestDatabase()
        let result = try db.run("PROFILE UNWIND [1, 2] AS x CREATE (:Made {x: x})")
        #expect(result.statistics.nodesCreated == 2)
        let create = result.profile?.allOperators.first { $0.operatorType == "Create" }
        #expect(create?.statistics?.rows == 2)
        #expect(create?.statistics?.dbHits == 2)
        #expect(try db.column("MATCH (n:Made) RETURN count(n)") == [2])
    }
}
