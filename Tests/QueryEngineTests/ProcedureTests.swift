import GraphValue
import Host
import Testing

@Suite struct ProcedureTests {
    /// `test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?, country_code :: INTEGER?)`.
    static let cities = TestProcedure(
        name: "test.my.proc",
        inputs: [.init(name: "name", type: ProcedureType(.string)), .init(name: "id", type: ProcedureType(.integer))],
        outputs: [
            .init(name: "city", type: ProcedureType(.string)),
            .init(name: "country_code", type: ProcedureType(.integer)),
        ],
        rows: [
            ["Andres", 1, "Malmö", 46], ["Stefan", 1, "Berlin", 49], ["Stefan", 2, "München", 49],
            [nil, nil, "Nowhere", 0],
        ]
    )
    static let labels = TestProcedure(
        name: "test.labels",
        inputs: [],
        outputs: [.init(name: "label", type: ProcedureType(.string))],
        rows: [["A"], ["B"], ["C"]]
    )
    static let doNothing = TestProcedure(name: "test.doNothing", inputs: [], outputs: [], rows: [])

    static func database() throws -> TestDatabase {
        try TestDatabase(testProcedures: [cities, labels, doNothing])
    }

    // MARK: Built-in procedures

    @Test func dbIndexesListsStoreIndexes() throws {
        let db = try TestDatabase()
        #expect(try db.run("CALL db.indexes()").rows.isEmpty)
        try db.run("CREATE INDEX person_name FOR (n:Person) ON (n.name)")
        let result = try db.run("CALL db.indexes()")
        #expect(
            result.columns == [
                "id", "name", "state", "populationPercent", "uniqueness", "type", "entityType", "labelsOrTypes",
                "properties", "provider",
            ]
        )
        let row = try #require(try db.records("CALL db.indexes()").first)
        #expect(row["name"] == "person_name")
        #expect(row["state"] == "ONLINE")
        #expect(row["uniqueness"] == "NONUNIQUE")
        #expect(row["type"] == "RANGE")
        #expect(row["entityType"] == "NODE")
        #expect(row["labelsOrTypes"] == ["Person"])
        #expect(row["properties"] == ["name"])
        #expect(row["provider"] == "range-1.0")
    }

    @Test func dbIndexesYieldRenameAndWhere() throws {
        let db = try TestDatabase()
        try db.run("CREATE INDEX a_x FOR (n:A) ON (n.x)")
        try db.run("CREATE INDEX b_y FOR (n:B) ON (n.y)")
        let names = try db.column("CALL db.indexes() YIELD name AS index WHERE index STARTS WITH 'b' RETURN index")
        #expect(names == ["b_y"])
    }

    @Test func showCurrentUserReportsIdentity() throws {
        let db = try TestDatabase()
        let identity = Identity(principal: "alice", roles: ["viewer", "editor"], provider: "local")
        let records = try db.records("CALL dbms.showCurrentUser()", identity: identity)
        #expect(records == [["username": "alice", "roles": ["viewer", "editor"], "flags": []]])
    }

    @Test func showCurrentUserFlagsExpiredCredentials() throws {
        let db = try TestDatabase()
        let identity = Identity(principal: "bob", roles: [], provider: "local", credentialsExpired: true)
        let flags = try db.column("CALL dbms.showCurrentUser() YIELD flags RETURN flags", identity: identity)
        #expect(flags == [["password_change_required"]])
    }

    @Test func showCurrentUserWithoutSessionIsEmpty() throws {
        let db = try TestDatabase()
        #expect(try db.run("CALL dbms.showCurrentUser()").rows.isEmpty)
    }

    @Test func labelsCountAfterYield() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A), (:B), (:C)")
        #expect(try db.column("CALL db.labels() YIELD label RETURN count(*)") == [3])
    }

    // MARK: Test procedures

    @Test func testProcedureMatchesInputs() throws {
        let db = try Self.database()
        let records = try db.records(
            "CALL test.my.proc('Stefan', 1) YIELD city, country_code RETURN city, country_code"
        )
        #expect(records == [["city": "Berlin", "country_code": 49]])
        #expect(try db.column("CALL test.my.proc(null, null) YIELD city RETURN city") == ["Nowhere"])
        #expect(try db.run("CALL test.my.proc('Nobody', 1)").rows.isEmpty)
    }

    @Test func standaloneCallReturnsAllOutputs() throws {
        let db = try Self.database()
        let result = try db.run("CALL test.my.proc('Stefan', 2)")
        #expect(result.columns == ["city", "country_code"])
        #expect(result.rows == [["München", 49]])
    }

    @Test func implicitArgumentsComeFromParameters() throws {
        let db = try Self.database()
        let result = try db.run("CALL test.my.proc", ["name": "Andres", "id": 1])
        #expect(result.rows == [["Malmö", 46]])
        #expect(db.error("CALL test.my.proc", ["name": "Andres"])?.status == .parameterMissing)
    }

    @Test func implicitArgumentsInsideQueryRejected() throws {
        let db = try Self.database()
        #expect(db.error("CALL test.my.proc YIELD city RETURN city")?.status == .syntaxError)
        #expect(try db.column("CALL test.labels YIELD label RETURN label") == ["A", "B", "C"])
    }

    @Test func argumentCountChecked() throws {
        let db = try Self.database()
        #expect(db.error("CALL test.my.proc('Dobby')")?.status == .syntaxError)
        #expect(db.error("CALL test.my.proc('Dobby', 1, 2) YIELD city RETURN city")?.status == .syntaxError)
    }

    @Test func literalArgumentTypeChecked() throws {
        let db = try Self.database()
        let error = db.error("CALL test.my.proc(true, 1)")
        #expect(error?.status == .syntaxError)
        #expect(error?.message.contains("expected STRING?") == true)
    }

    @Test func parameterArgumentTypeChecked() throws {
        let db = try Self.database()
        let error = db.error("CALL test.my.proc($name, 1)", ["name": 5])
        #expect(error?.status.code == "Neo.ClientError.Procedure.ProcedureCallFailed")
    }

    @Test func aggregateArgumentRejected() throws {
        let db = try Self.database()
        #expect(db.error("MATCH (n) CALL test.my.proc(count(n), 1) YIELD city RETURN city")?.status == .syntaxError)
    }

    @Test func yieldedVariablesMustBeNew() throws {
        let db = try Self.database()
        #expect(db.error("WITH 'Hi' AS label CALL test.labels() YIELD label RETURN *")?.status == .syntaxError)
        #expect(
            db.error("CALL test.my.proc('a', 1) YIELD city, country_code AS city RETURN city")?.status == .syntaxError
        )
        #expect(
            db.error("CALL test.my.proc('a', 1) YIELD city AS c, country_code AS c RETURN c")?.status == .syntaxError
        )
    }

    @Test func yieldRenamesSwapOutputs() throws {
        let db = try Self.database()
        let records = try db.records(
            "CALL test.my.proc('Stefan', 1) YIELD city AS country_code, country_code AS city "
                + "RETURN city, country_code"
        )
        #expect(records == [["city": 49, "country_code": "Berlin"]])
    }

    @Test func voidProcedurePassesRowsThrough() throws {
        let db = try Self.database()
        try db.run("CREATE (:A {name: 'a'}), (:B {name: 'b'})")
        let names = try db.column("MATCH (n) CALL test.doNothing() RETURN n.name AS name ORDER BY name")
        #expect(names == ["a", "b"])
        let standalone = try db.run("CALL test.doNothing")
        #expect(standalone.columns.isEmpty)
        #expect(standalone.rows.isEmpty)
        #expect(db.error("CALL test.doNothing() YIELD x RETURN x")?.status == .syntaxError)
    }

    @Test func procedureCalledTwice() throws {
        let db = try Self.database()
        let records = try db.records(
            "CALL test.labels() YIELD label WITH count(*) AS c CALL test.labels() YIELD label RETURN *"
        )
        #expect(records.map { $0["c"] } == [3, 3, 3])
        #expect(records.map { $0["label"] } == ["A", "B", "C"])
    }

    @Test func testProceduresAbsentByDefault() throws {
        let db = try TestDatabase()
        #expect(db.error("CALL test.labels()")?.status.code == "Neo.ClientError.Procedure.ProcedureNotFound")
    }
}
