import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct TemporalTextTests {
    @Test func componentsOfADateTime() throws {
        let db = try TestDatabase()
        let values = try db.column(
            "WITH datetime({year: 1984, month: 11, day: 11, hour: 12, minute: 31, second: 14, "
                + "nanosecond: 645876123, timezone: 'Europe/Stockholm'}) AS d "
                + "RETURN [d.year, d.quarter, d.week, d.weekYear, d.ordinalDay, d.weekDay, d.dayOfQuarter, "
                + "d.millisecond, d.microsecond, d.timezone, d.offset, d.offsetMinutes, d.epochSeconds, "
                + "d.epochMillis] AS v"
        )
        #expect(
            values == [
                [
                    1984, 4, 45, 1984, 316, 7, 42, 645, 645_876, "Europe/Stockholm", "+01:00", 60, 469_020_674,
                    469_020_674_645,
                ]
            ]
        )
    }

    @Test func unknownComponentIsAnError() throws {
        let db = try TestDatabase()
        #expect(db.error("RETURN date('2015-01-01').hour AS v")?.status == .argumentError)
        #expect(db.error("RETURN localtime('12:00').timezone AS v")?.status == .argumentError)
    }

    @Test func temporalValuesRoundTripThroughToString() throws {
        let db = try TestDatabase()
        let values = try db.column(
            "WITH [datetime('2017-08-08T12:31:14.645876123+02:00[Europe/Stockholm]'), "
                + "time('12:31:14.645876123+01:00'), localdatetime('1984-10-11T12:31')] AS all "
                + "RETURN [datetime(toString(all[0])) = all[0], time(toString(all[1])) = all[1], "
                + "localdatetime(toString(all[2])) = all[2]] AS v"
        )
        #expect(values == [[true, true, true]])
    }

    @Test func storedTemporalsOrderAndCompare() throws {
        let db = try TestDatabase()
        _ = try db.run(
            "UNWIND ['1984-10-11', '1980-12-24', '2001-01-01'] AS text CREATE (:Day {on: date(text)})"
        )
        let ordered = try db.column("MATCH (n:Day) WITH n.on AS on ORDER BY on RETURN toString(on) AS v")
        #expect(ordered == ["1980-12-24", "1984-10-11", "2001-01-01"])
        let earlier = try db.column(
            "RETURN datetime('1984-10-11T12:00+05:00') < datetime('1984-10-11T12:00Z') AS v"
        )
        #expect(earlier == [true])
    }
}
