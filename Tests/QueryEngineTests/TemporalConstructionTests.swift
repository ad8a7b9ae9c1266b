import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct TemporalConstructionTests {
    /// Evaluates one expression and returns its `toString` text.
    private func text(_ expression: String) throws -> String {
        let db = try TestDatabase()
        let values = try db.column("RETURN toString(\(expression)) AS v")
        guard case .string(let text)? = values.first else { return "not a string: \(values)" }
        return text
    }

    static let cases: [(String, String)] = [
        ("date({year: 1817, week: 1})", "1816-12-30"),
        ("date({year: 1818, week: 53})", "1818-12-28"),
        ("date({date: date('1816-12-30'), week: 2, dayOfWeek: 3})", "1817-01-08"),
        ("date({year: 1984, quarter: 3, dayOfQuarter: 45})", "1984-08-14"),
        ("date({year: 1984, ordinalDay: 202})", "1984-07-20"),
        ("date({date: date('1984-11-11'), quarter: 3})", "1984-08-11"),
        ("date({date: date('2016-02-29'), year: 2017})", "2017-02-28"),
        (
            "localtime({hour: 12, minute: 31, second: 14, nanosecond: 789, millisecond: 123, microsecond: 456})",
            "12:31:14.123456789"
        ),
        ("time({hour: 12, timezone: '+01:00'})", "12:00+01:00"),
        ("time({hour: 12, minute: 34, second: 56, timezone: '-02:05:07'})", "12:34:56-02:05:07"),
        ("time({time: time('12:31:14+01:00'), timezone: '+05:00'})", "16:31:14+05:00"),
        ("time({time: localtime('12:31:14'), timezone: '+05:00'})", "12:31:14+05:00"),
        (
            "datetime({year: 1984, ordinalDay: 202, timezone: 'Europe/Stockholm'})",
            "1984-07-20T00:00+02:00[Europe/Stockholm]"
        ),
        (
            "datetime({datetime: datetime('1984-10-11T12:00[Europe/Stockholm]'), day: 28, second: 42, "
                + "timezone: 'Pacific/Honolulu'})", "1984-10-28T01:00:42-10:00[Pacific/Honolulu]"
        ),
        (
            "datetime({date: date('1984-10-11'), time: time('12:31:14+01:00'), timezone: '+05:00'})",
            "1984-10-11T16:31:14+05:00"
        ),
        ("datetime({epochSeconds: 416779, nanosecond: 999999999})", "1970-01-05T19:46:19.999999999Z"),
        ("datetime({epochMillis: -1})", "1969-12-31T23:59:59.999Z"),
        ("datetime.fromepoch(416779, 999999999)", "1970-01-05T19:46:19.999999999Z"),
        ("datetime.fromepochmillis(237821673987)", "1977-07-15T13:34:33.987Z"),
        ("localdatetime({year: 1984, week: 10, dayOfWeek: 3, hour: 12, minute: 31})", "1984-03-07T12:31"),
        ("date(datetime('2015-07-21T23:30-05:00'))", "2015-07-21"),
        ("time(datetime('2015-07-21T23:30[Europe/Stockholm]'))", "23:30+02:00"),
        ("datetime(localdatetime('2015-07-21T23:30'))", "2015-07-21T23:30Z"),
    ]

    @Test(arguments: cases) func buildsFromMaps(expression: String, expected: String) throws {
        #expect(try text(expression) == expected)
    }

    /// Stockholm moved from +01:00 to +02:00 at 02:00 on 2017-03-26 and back at 03:00 on
    /// 2017-10-29. Like java.time, construction moves a local time in the gap forward and picks
    /// the earlier offset in the overlap.
    @Test func resolvesGapsAndOverlaps() throws {
        let zone = "timezone: 'Europe/Stockholm'"
        #expect(
            try text("datetime({year: 2017, month: 3, day: 26, hour: 2, minute: 30, \(zone)})")
                == "2017-03-26T03:30+02:00[Europe/Stockholm]"
        )
        #expect(
            try text("datetime({year: 2017, month: 10, day: 29, hour: 2, minute: 30, \(zone)})")
                == "2017-10-29T02:30+02:00[Europe/Stockholm]"
        )
        #expect(
            try text("datetime('2017-10-29T02:30+01:00[Europe/Stockholm]')")
                == "2017-10-29T02:30+01:00[Europe/Stockholm]"
        )
    }

    static let invalid: [String] = [
        "date({year: 1984, month: 13})",
        "date({year: 1984, month: 2, day: 30})",
        "date({year: 1984, week: 53})",
        "date({year: 1984, month: 2, week: 3})",
        "date({month: 2})",
        "date({year: 1984, day: 3})",
        "date({year: 1984, hour: 3})",
        "localtime({minute: 3})",
        "localtime({hour: 24})",
        "localtime({hour: 1, minute: 1, second: 1, millisecond: 1, microsecond: 1000})",
        "time({hour: 1, timezone: 'Nowhere/Nothing'})",
        "time({hour: 1, timezone: '+19:00'})",
        "datetime({epochSeconds: 1, year: 1984})",
        "localdatetime({hour: 1})",
        // Dates past the years -999,999,999 to 999,999,999, reached by week-based years or truncation.
        "date({year: 999999999, week: 52, dayOfWeek: 7})",
        "date.truncate('millennium', date('-999999999-01-01'))",
        "datetime.truncate('century', localdatetime('-999999999-01-01T00:00'))",
    ]

    @Test(arguments: invalid) func rejectsInvalidFields(expression: String) throws {
        let db = try TestDatabase()
        #expect(db.error("RETURN \(expression) AS v")?.status == .argumentError)
    }

    @Test func rejectsWrongTypes() throws {
        let db = try TestDatabase()
        #expect(db.error("RETURN date({year: 'x'}) AS v")?.status == .typeError)
        #expect(db.error("RETURN date(1) AS v")?.status == .typeError)
        #expect(db.error("RETURN localtime(date('2015-01-01')) AS v")?.status == .typeError)
    }

    @Test func nullArgumentsGiveNull() throws {
        let db = try TestDatabase()
        for function in ["date", "localtime", "time", "localdatetime", "datetime", "date.statement", "time.realtime"] {
            #expect(try db.column("RETURN \(function)(null) AS v") == [.null])
        }
    }

    @Test func currentTimeFollowsTheZone() throws {
        let db = try TestDatabase()
        let values = try db.column(
            "RETURN [datetime.statement('+05:00').offset, time({timezone: '-03:00'}).offsetMinutes, "
                + "date() = date.transaction(), localtime.realtime() IS NOT NULL] AS v"
        )
        #expect(values == [["+05:00", -180, true, true]])
    }
}
