import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct DurationAggregationTests {
    @Test func sumAddsDurations() throws {
        let database = try TestDatabase()
        let values = try database.column(
            "UNWIND [duration('P1M'), null, duration('P2DT1H'), duration('PT30M')] AS d RETURN toString(sum(d))"
        )
        #expect(values == ["P1M2DT1H30M"])
    }

    @Test func avgDividesTheSum() throws {
        let database = try TestDatabase()
        let values = try database.column("UNWIND [duration('PT1H'), duration('PT2H')] AS d RETURN toString(avg(d))")
        #expect(values == ["PT1H30M"])
    }

    @Test func durationsAndNumbersDoNotMix() throws {
        let database = try TestDatabase()
        #expect(database.error("UNWIND [1, duration('PT1H')] AS d RETURN sum(d)")?.status == .typeError)
        #expect(database.error("UNWIND [duration('PT1H'), 1] AS d RETURN avg(d)")?.status == .typeError)
    }

    @Test func numbersStillSum() throws {
        let database = try TestDatabase()
        #expect(try database.column("UNWIND [1, 2, null] AS x RETURN sum(x)") == [3])
    }
}
