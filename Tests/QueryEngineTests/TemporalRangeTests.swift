import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct TemporalRangeTests {
    static let extremeParameters: [String: Value] = [
        "date": .date(CalendarDate(daysSinceEpoch: .max)),
        "local": .localDateTime(LocalDateTime(secondsSinceEpoch: .min, nanoseconds: 0)),
        "zoned": .dateTime(DateTime(secondsSinceEpoch: .max, nanoseconds: 0, zone: .offset(seconds: 3600))),
        "time": .localTime(LocalTime(nanosecondsSinceMidnight: -1)),
    ]

    static let queries = [
        "RETURN toString($date) AS v",
        "RETURN toString($local) AS v",
        "RETURN toString($zoned) AS v",
        "RETURN $date.year AS v",
        "RETURN $local.day AS v",
        "RETURN $zoned.epochMillis AS v",
        "RETURN $time.hour AS v",
        "RETURN date({date: $date, day: 1}) AS v",
        "RETURN date.truncate('year', $local) AS v",
        "RETURN datetime($zoned) AS v",
        "RETURN datetime({epochSeconds: 9223372036854775807}) AS v",
        "RETURN datetime({epochMillis: -9223372036854775808}) AS v",
        "RETURN datetime.fromepoch(9223372036854775807, 999999999) AS v",
        "RETURN date({year: 1000000000}) AS v",
    ]

    /// Values at the Int64 limits either print or fail with a ServerError; none may trap.
    @Test(arguments: queries) func extremeValuesFailCleanly(query: String) throws {
        let db = try TestDatabase()
        do {
            _ = try db.run(query, Self.extremeParameters)
        } catch is ServerError {
            return
        }
    }
}
