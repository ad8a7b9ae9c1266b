import GraphValue
import Host

/// Component access on durations, such as `d.years` or `d.minutesOfHour`, with Neo4j's rules.
///
/// Each component reads one of the four stored parts (months, days, seconds, nanoseconds): `years`
/// and `quartersOfYear` come from the months only, `weeks` from the days only, and `hours` from the
/// seconds only, so `duration({days: 1}).hours` is 0. Divisions truncate toward zero, so a negative
/// part gives negative components. The nanoseconds are always in `0..<1_000_000_000`, and a negative
/// fraction of a second shows as a lower whole second plus a positive fraction.
enum DurationComponents {
    /// Returns the component named `key`, ignoring case. An unknown name raises an ArgumentError
    /// that lists the valid ones.
    static func component(_ key: String, of value: CypherDuration) throws(ServerError) -> Value {
        let duration = value.normalized
        let months = duration.months
        let days = duration.days
        let seconds = duration.seconds
        let nanoseconds = Int64(duration.nanoseconds)
        switch key.lowercased() {
        case "years": return .integer(months / 12)
        case "quarters": return .integer(months / 3)
        case "months": return .integer(months)
        case "weeks": return .integer(days / 7)
        case "days": return .integer(days)
        case "hours": return .integer(seconds / 3600)
        case "minutes": return .integer(seconds / 60)
        case "seconds": return .integer(seconds)
        case "milliseconds": return try combined(seconds, 1000, nanoseconds / 1_000_000, key)
        case "microseconds": return try combined(seconds, 1_000_000, nanoseconds / 1000, key)
        case "nanoseconds": return try combined(seconds, 1_000_000_000, nanoseconds, key)
        case "quartersofyear": return .integer(months / 3 % 4)
        case "monthsofquarter": return .integer(months % 3)
        case "monthsofyear": return .integer(months % 12)
        case "daysofweek": return .integer(days % 7)
        case "minutesofhour": return .integer(seconds / 60 % 60)
        case "secondsofminute": return .integer(seconds % 60)
        case "millisecondsofsecond": return .integer(nanoseconds / 1_000_000)
        case "microsecondsofsecond": return .integer(nanoseconds / 1000)
        case "nanosecondsofsecond": return .integer(nanoseconds)
        default:
            throw ServerError(
                .argumentError,
                "No such field: \(key). A duration has years, quarters, months, weeks, days, hours, minutes, "
                    + "seconds, milliseconds, microseconds, nanoseconds, quartersOfYear, monthsOfQuarter, "
                    + "monthsOfYear, daysOfWeek, minutesOfHour, secondsOfMinute, millisecondsOfSecond, "
                    + "microsecondsOfSecond and nanosecondsOfSecond."
            )
        }
    }

    /// Returns `seconds * scale + fraction`, or raises an ArithmeticError when it exceeds 64 bits.
    private static func combined(_ seconds: Int64, _ scale: Int64, _ fraction: Int64, _ key: String)
        throws(ServerError) -> Value
    {
        let (scaled, overflowed) = seconds.multipliedReportingOverflow(by: scale)
        let (total, overflowedSum) = scaled.addingReportingOverflow(fraction)
        if overflowed || overflowedSum {
            throw ServerError(.arithmeticError, "The duration's \(key) do not fit in a 64-bit integer")
        }
        return .integer(total)
    }
}
