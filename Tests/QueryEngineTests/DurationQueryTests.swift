import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct DurationQueryTests {
    typealias Fixture = TemporalFixture

    @Test func betweenFunctionsRunInQueries() throws {
        let database = try TestDatabase()
        let parameters: [String: Value] = [
            "start": Fixture.date(1984, 10, 11),
            "end": Fixture.dateTime(2015, 7, 21, 21, 40, 32, 142_000_000, offset: 3600),
        ]
        let row = try #require(
            try database.records(
                """
                RETURN toString(duration.between($start, $end)) AS between,
                       toString(duration.inMonths($start, $end)) AS months,
                       duration.inDays($start, $end).days AS days,
                       duration.inSeconds($start, $end).hours AS hours
                """,
                parameters
            ).first
        )
        #expect(row["between"] == "P30Y9M10DT21H40M32.142S")
        #expect(row["months"] == "P30Y9M")
        #expect(row["days"] == 11240)
        #expect(row["hours"] == 269_781)
    }

    @Test func durationsInExpressions() throws {
        let database = try TestDatabase()
        let row = try #require(
            try database.records(
                """
                WITH duration({days: 1, hours: 12}) AS d
                RETURN toString(d * 2) AS doubled, toString(-d) AS negated, d.hours AS hours,
                       d = duration('P1DT12H') AS equal, d < duration('P2D') AS ordered,
                       toString($day + d) AS shifted
                """,
                ["day": Fixture.date(2020, 2, 28)]
            ).first
        )
        #expect(row["doubled"] == "P2DT24H")
        #expect(row["negated"] == "P-1DT-12H")
        #expect(row["hours"] == 12)
        #expect(row["equal"] == true)
        #expect(row["ordered"] == .null)
        #expect(row["shifted"] == "2020-02-29")
    }

    @Test func storedDurationsKeepTheirParts() throws {
        let database = try TestDatabase()
        try database.run("CREATE (:Val {d: duration('P1Y2M3DT4H5M6.007S')})")
        let stored = try database.column("MATCH (v:Val) RETURN v.d")
        #expect(stored == [.duration(CypherDuration(months: 14, days: 3, seconds: 14_706, nanoseconds: 7_000_000))])
    }

    @Test func invalidInputRaisesAndServerKeepsServing() throws {
        let database = try TestDatabase()
        #expect(database.error("RETURN duration('P1X')")?.status == .argumentError)
        #expect(database.error("RETURN duration({day: 1})")?.status == .argumentError)
        #expect(database.error("RETURN duration('P1D') / 0")?.status == .arithmeticError)
        #expect(database.error("RETURN duration('P1D').year")?.status == .argumentError)
        #expect(database.error("RETURN duration.between(1, 2)")?.status == .typeError)
        #expect(try database.column("RETURN toString(duration('PT1M'))") == ["PT1M"])
    }
}

@Suite struct DurationEqualityTests {
    @Test func equalityIgnoresNanosecondSign() {
        // The Python driver sends minus half a second as 0 seconds and -500,000,000 nanoseconds.
        let fromClient = Value.duration(CypherDuration(months: 0, days: 0, seconds: 0, nanoseconds: -500_000_000))
        let normalized = Value.duration(CypherDuration(months: 0, days: 0, seconds: -1, nanoseconds: 500_000_000))
        #expect(fromClient.cypherEquals(normalized) == true)
        #expect(fromClient.isEquivalent(to: normalized))
        #expect(EquivalenceKey(fromClient).hashValue == EquivalenceKey(normalized).hashValue)
    }

    @Test func daysAndHoursStayDistinct() throws {
        let days = try TemporalFixture.duration("P1D")
        let hours = try TemporalFixture.duration("PT24H")
        #expect(days.cypherEquals(hours) == false)
        #expect(try TemporalFixture.duration("PT1M10S").cypherEquals(try TemporalFixture.duration("PT70S")) == true)
    }
}
