import GraphValue
import Host
import Testing

@testable import QueryEngine

/// Cypher behaviours checked against the Neo4j 5 Cypher Manual, beyond the openCypher TCK scenarios.
@Suite struct SemanticsProbeTests {
    @Test func pathEqualsAlternatingList() throws {
        let db = try TestDatabase()
        try db.run("CREATE (:A)-[:R]->(:B)")
        let row = try #require(
            try db.run(
                """
                MATCH p = (a:A)-[r]->(b)
                RETURN p = [a, r, b] AS same, [a, r, b] = p AS flipped, p = [a, b] AS short,
                       p = [b, r, a] AS reversed, p <> [a, r, b] AS different
                """
            ).rows.first
        )
        #expect(row == [true, true, false, false, false])
    }

    @Test func sumAndAverageOfDurations() throws {
        let db = try TestDatabase()
        let row = try #require(
            try db.run(
                """
                UNWIND [duration('P1D'), duration('PT12H'), null, duration('P2D')] AS d
                RETURN toString(sum(d)) AS total, toString(avg(d)) AS mean
                """
            ).rows.first
        )
        #expect(row == ["P3DT12H", "P1DT4H"])
    }

    @Test func sumOfDurationsAndNumbersFails() throws {
        let db = try TestDatabase()
        let error = try #require(db.error("UNWIND [duration('P1D'), 1] AS d RETURN sum(d)"))
        #expect(error.status == .typeError)
        let reversed = try #require(db.error("UNWIND [1, duration('P1D')] AS d RETURN avg(d)"))
        #expect(reversed.status == .typeError)
    }

    @Test func sumOfNoDurationsIsZero() throws {
        let db = try TestDatabase()
        #expect(try db.column("UNWIND [] AS d RETURN sum(d)") == [0])
        #expect(try db.column("UNWIND [] AS d RETURN avg(d)") == [.null])
    }
}
