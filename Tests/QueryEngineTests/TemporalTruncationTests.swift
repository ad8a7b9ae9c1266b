import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct TemporalTruncationTests {
    private func text(_ expression: String) throws -> String {
        let db = try TestDatabase()
        let values = try db.column("RETURN toString(\(expression)) AS v")
        guard case .string(let text)? = values.first else { return "not a string: \(values)" }
        return text
    }

    static let dateTime = "datetime('1984-10-11T12:31:14.645876123-01:00')"

    static let cases: [(String, String)] = [
        ("date.truncate('millennium', date('2017-10-11'), {day: 2})", "2000-01-02"),
        ("date.truncate('millennium', date('-0017-10-11'))", "-1000-01-01"),
        ("date.truncate('weekYear', date('1984-01-01'), {day: 5})", "1983-01-05"),
        ("date.truncate('quarter', date('1984-11-11'))", "1984-10-01"),
        ("date.truncate('week', date('1984-10-11'), {dayOfWeek: 2})", "1984-10-09"),
        (
            "datetime.truncate('hour', \(dateTime), {timezone: 'Europe/Stockholm'})",
            "1984-10-11T12:00+01:00[Europe/Stockholm]"
        ),
        ("datetime.truncate('day', \(dateTime), {nanosecond: 2})", "1984-10-11T00:00:00.000000002-01:00"),
        ("datetime.truncate('year', date('1984-10-11'))", "1984-01-01T00:00Z"),
        ("localdatetime.truncate('minute', \(dateTime))", "1984-10-11T12:31"),
        ("localtime.truncate('millisecond', \(dateTime), {nanosecond: 2})", "12:31:14.645000002"),
        ("localtime.truncate('microsecond', \(dateTime), {nanosecond: 2})", "12:31:14.645876002"),
        ("time.truncate('day', \(dateTime))", "00:00-01:00"),
        ("time.truncate('hour', localtime('12:31'), {timezone: '+01:00'})", "12:00+01:00"),
    ]

    @Test(arguments: cases) func truncates(expression: String, expected: String) throws {
        #expect(try text(expression) == expected)
    }

    static let invalid: [String] = [
        "date.truncate('hour', \(dateTime))",
        "date.truncate('fortnight', \(dateTime))",
        "localtime.truncate('month', \(dateTime))",
        "date.truncate('day', \(dateTime), {hour: 1})",
        "datetime.truncate('hour', date('1984-10-11'))",
    ]

    @Test(arguments: invalid) func rejectsInvalidUnitsAndFields(expression: String) throws {
        let db = try TestDatabase()
        #expect(db.error("RETURN \(expression) AS v")?.status == .argumentError)
    }

    @Test func rejectsValuesWithoutTheNeededParts() throws {
        let db = try TestDatabase()
        #expect(db.error("RETURN date.truncate('day', localtime('12:00')) AS v")?.status == .typeError)
        #expect(try db.column("RETURN date.truncate('day', null) AS v") == [.null])
    }
}
