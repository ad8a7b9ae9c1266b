import GraphValue
import Host
import Testing

@testable import QueryEngine

/// Duration arithmetic and `duration.between` on date-times in a named zone, across the daylight
/// saving transitions of Europe/Berlin in 2020: clocks went from 02:00 CET (+01:00) to 03:00 CEST
/// (+02:00) on March 29th, and from 03:00 CEST back to 02:00 CET on October 25th.
///
/// The expected values follow `java.time` as Neo4j uses it: months and days move the local date
/// and keep the local time, while hours, minutes and seconds move the instant.
@Suite struct DurationNamedZoneTests {
    static let sums: [(String, String)] = [
        (
            "datetime('2020-03-28T12:00[Europe/Berlin]') + duration('P1D')",
            "2020-03-29T12:00+02:00[Europe/Berlin]"
        ),
        (
            "datetime('2020-03-29T12:00[Europe/Berlin]') - duration('P1D')",
            "2020-03-28T12:00+01:00[Europe/Berlin]"
        ),
        (
            "datetime('2020-01-31T00:30[Europe/Berlin]') + duration('P1M')",
            "2020-02-29T00:30+01:00[Europe/Berlin]"
        ),
        (
            "datetime('2020-03-29T01:00[Europe/Berlin]') + duration('PT2H')",
            "2020-03-29T04:00+02:00[Europe/Berlin]"
        ),
        (
            "datetime('2020-03-28T12:00[Europe/Berlin]') + duration('P1DT1H')",
            "2020-03-29T13:00+02:00[Europe/Berlin]"
        ),
        // A local time in the spring gap moves forward by the length of the gap.
        (
            "datetime('2020-03-28T02:30[Europe/Berlin]') + duration('P1D')",
            "2020-03-29T03:30+02:00[Europe/Berlin]"
        ),
        // In the autumn overlap the offset before the step wins when it is still valid.
        (
            "datetime('2020-10-24T02:30[Europe/Berlin]') + duration('P1D')",
            "2020-10-25T02:30+02:00[Europe/Berlin]"
        ),
        (
            "datetime('2020-10-26T02:30[Europe/Berlin]') - duration('P1D')",
            "2020-10-25T02:30+01:00[Europe/Berlin]"
        ),
        (
            "datetime('2020-01-01T12:00+01:00') + duration('P6M')",
            "2020-07-01T12:00+01:00"
        ),
    ]

    @Test(arguments: sums)
    func dateTimePlusDuration(expression: String, expected: String) throws {
        let db = try TestDatabase()
        let result = try db.column("RETURN toString(\(expression)) AS v")
        #expect(result == [.string(expected)])
    }

    static let spans: [(String, String, String)] = [
        ("duration.between", "'2020-03-28T12:00[Europe/Berlin]', '2020-03-29T12:00[Europe/Berlin]'", "P1D"),
        ("duration.inDays", "'2020-03-28T12:00[Europe/Berlin]', '2020-03-29T12:00[Europe/Berlin]'", "P1D"),
        ("duration.inSeconds", "'2020-03-28T12:00[Europe/Berlin]', '2020-03-29T12:00[Europe/Berlin]'", "PT23H"),
        ("duration.between", "'2020-10-24T12:00[Europe/Berlin]', '2020-10-25T12:00[Europe/Berlin]'", "P1D"),
        ("duration.inSeconds", "'2020-10-24T12:00[Europe/Berlin]', '2020-10-25T12:00[Europe/Berlin]'", "PT25H"),
        ("duration.between", "'2020-01-31T12:00[Europe/Berlin]', '2020-03-29T12:00[Europe/Berlin]'", "P1M29D"),
        ("duration.between", "'2020-03-29T12:00[Europe/Berlin]', '2020-03-28T12:00+01:00'", "P-1D"),
        ("duration.between", "'2020-03-28T12:00[Europe/Berlin]', '2020-03-29T11:00+01:00'", "P1D"),
        ("duration.inDays", "'2020-03-28T12:00[Europe/Berlin]', '2020-03-29T11:59+02:00'", "PT0S"),
    ]

    @Test(arguments: spans)
    func durationBetweenDateTimes(function: String, arguments: String, expected: String) throws {
        let db = try TestDatabase()
        let operands = arguments.split(separator: ", ").map { "datetime(\($0))" }.joined(separator: ", ")
        let result = try db.column("RETURN toString(\(function)(\(operands))) AS v")
        #expect(result == [.string(expected)])
    }

    @Test func localDateTimeBorrowsTheZonedOffset() throws {
        let db = try TestDatabase()
        let result = try db.column(
            "RETURN toString(duration.between(localdatetime('2020-03-29T12:00'), "
                + "datetime('2020-03-29T12:00[Europe/Berlin]'))) AS v"
        )
        #expect(result == [.string("PT0S")])
    }
}
