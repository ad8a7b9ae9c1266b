import GraphValue
import Host

@testable import QueryEngine

/// Temporal values built from civil fields, so duration tests do not depend on `date()` and friends.
enum TemporalFixture {
    static func date(_ year: Int64, _ month: Int64, _ day: Int64) -> Value {
        .date(CalendarDate(daysSinceEpoch: CivilCalendar.days(year: year, month: month, day: day)))
    }

    static func localTime(_ hour: Int64, _ minute: Int64, _ second: Int64 = 0, _ nanosecond: Int64 = 0) -> Value {
        .localTime(LocalTime(nanosecondsSinceMidnight: nanosecondOfDay(hour, minute, second, nanosecond)))
    }

    static func time(
        _ hour: Int64,
        _ minute: Int64,
        _ second: Int64 = 0,
        _ nanosecond: Int64 = 0,
        offset: Int32
    ) -> Value {
        .time(Time(nanosecondsSinceMidnight: nanosecondOfDay(hour, minute, second, nanosecond), offsetSeconds: offset))
    }

    static func localDateTime(
        _ year: Int64,
        _ month: Int64,
        _ day: Int64,
        _ hour: Int64 = 0,
        _ minute: Int64 = 0,
        _ second: Int64 = 0,
        _ nanosecond: Int32 = 0
    ) -> Value {
        let seconds = localSeconds(year, month, day, hour, minute, second)
        return .localDateTime(LocalDateTime(secondsSinceEpoch: seconds, nanoseconds: nanosecond))
    }

    static func dateTime(
        _ year: Int64,
        _ month: Int64,
        _ day: Int64,
        _ hour: Int64 = 0,
        _ minute: Int64 = 0,
        _ second: Int64 = 0,
        _ nanosecond: Int32 = 0,
        offset: Int32
    ) -> Value {
        let seconds = localSeconds(year, month, day, hour, minute, second) - Int64(offset)
        return .dateTime(DateTime(secondsSinceEpoch: seconds, nanoseconds: nanosecond, zone: .offset(seconds: offset)))
    }

    /// Parses an ISO 8601 duration, failing the test on invalid text.
    static func duration(_ text: String) throws -> Value {
        .duration(try DurationParsing.parse(text))
    }

    /// Returns the `toString` text of a value.
    static func text(_ value: Value) -> String { ValueText.string(value) }

    private static func nanosecondOfDay(_ hour: Int64, _ minute: Int64, _ second: Int64, _ nanosecond: Int64) -> Int64 {
        ((hour * 60 + minute) * 60 + second) * 1_000_000_000 + nanosecond
    }

    private static func localSeconds(
        _ year: Int64,
        _ month: Int64,
        _ day: Int64,
        _ hour: Int64,
        _ minute: Int64,
        _ second: Int64
    ) -> Int64 {
        CivilCalendar.days(year: year, month: month, day: day) * 86_400 + (hour * 60 + minute) * 60 + second
    }
}
