import GraphValue
import Host

/// Calendar steps that duration arithmetic and `duration.between` share. A local date and time is
/// handled as one count of nanoseconds since 1970-01-01T00:00 (an `Int128`, so no step overflows).
/// Results must stay within years -999,999,999 to 999,999,999, the range of Java's `LocalDate`
/// that Neo4j uses.
enum DurationCalendar {
    static let minimumYear: Int64 = -999_999_999
    static let maximumYear: Int64 = 999_999_999
    static let minimumDay = CivilCalendar.days(year: minimumYear, month: 1, day: 1)
    static let maximumDay = CivilCalendar.days(year: maximumYear, month: 12, day: 31)

    static func outOfRange(_ what: String) -> ServerError {
        ServerError(
            .arithmeticError,
            "The temporal result is out of range: \(what) is not between the years \(minimumYear) and \(maximumYear)"
        )
    }

    /// Returns `day` as an epoch day after checking that it lies in the supported years.
    static func checkedDay(_ day: Int128) throws(ServerError) -> Int64 {
        guard day >= Int128(minimumDay), day <= Int128(maximumDay), let result = Int64(exactly: day) else {
            throw outOfRange("day \(day) since 1970-01-01")
        }
        return result
    }

    /// Adds calendar months to an epoch day, clamping the day of the month to the new month's
    /// length (January 31st plus one month is February 28th or 29th).
    static func addMonths(_ months: Int128, toDay day: Int64) throws(ServerError) -> Int64 {
        if months == 0 { return day }
        let date = CivilCalendar.civil(fromDays: day)
        let monthIndex = Int128(date.year) * 12 + Int128(date.month - 1) + months
        let (year, zeroBasedMonth) = DurationMath.floorDivide(monthIndex, 12)
        guard year >= Int128(minimumYear), year <= Int128(maximumYear) else { throw outOfRange("year \(year)") }
        let newYear = Int64(year)
        let newMonth = Int64(zeroBasedMonth) + 1
        let newDay = min(date.day, CivilCalendar.daysInMonth(year: newYear, month: newMonth))
        return CivilCalendar.days(year: newYear, month: newMonth, day: newDay)
    }

    /// Splits nanoseconds since the epoch into an epoch day and the nanosecond of that day.
    static func split(_ nanoseconds: Int128) -> (day: Int128, nanosecondOfDay: Int128) {
        let (day, nanosecondOfDay) = DurationMath.floorDivide(nanoseconds, DurationMath.nanosecondsPerDay)
        return (day, nanosecondOfDay)
    }

    /// Adds months to the date part of a local date-time, keeping its time of day.
    static func addMonths(_ months: Int128, toLocal local: Int128) throws(ServerError) -> Int128 {
        let (day, nanosecondOfDay) = split(local)
        let newDay = try addMonths(months, toDay: checkedDay(day))
        return Int128(newDay) * DurationMath.nanosecondsPerDay + nanosecondOfDay
    }

    /// Returns `local` after checking that its date lies in the supported years.
    static func checkedLocal(_ local: Int128) throws(ServerError) -> Int128 {
        _ = try checkedDay(split(local).day)
        return local
    }
}
