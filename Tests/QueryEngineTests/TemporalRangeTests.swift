import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct TemporalRangeTests {
    static let extremeParameters: [String: Value] = [
        "date": .date(CalendarDate(daysSinceEpoch: .max)),
        "local": .localDateTime(LocalDateTime(secondsSinceEpoch: .min, nanoseconds: 0)),
        "zoned": .dateTime(DateTime(secondsSinceEpoch: .max, nanoseconds: 0, zone: .offset(seconds: 3600))),
        "zonedMin": .dateTime(DateTime(secondsSinceEpoch: .min, nanoseconds: 0, zone: .offset(seconds: -3600))),
        "named": .dateTime(DateTime(secondsSinceEpoch: .max, nanoseconds: 0, zone: .identifier("Europe/Berlin"))),
        "dateMin": .date(CalendarDate(daysSinceEpoch: .min)),
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
        "RETURN $date + duration({months: 1}) AS v",
        "RETURN $dateMin - duration({years: 1}) AS v",
        "RETURN $named + duration({months: 1}) AS v",
        "RETURN $named + duration({hours: 1}) AS v",
        "RETURN duration.between($date, $date) AS v",
        "RETURN duration.between($local, date()) AS v",
        "RETURN duration.inDays($local, $local) AS v",
        "RETURN duration.between($zoned, $zoned) AS v",
        "RETURN duration.inMonths($zonedMin, $zonedMin) AS v",
        "RETURN duration.inSeconds($named, $zoned) AS v",
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
