import GraphValue

/// ISO 8601 text of the temporal values, in the form Cypher's `toString` gives them.
///
/// Years outside 0000...9999 follow `java.time`: a sign, and at least four digits. Fractions of a
/// second have as many digits as they need, up to nine. Named time zones are written in UTC with
/// the zone name in brackets, as the query engine's `toString` writes them.
enum TemporalFormat {
    static func date(_ date: CalendarDate) -> String {
        let (year, month, day) = civilDate(fromDays: date.daysSinceEpoch)
        return "\(yearText(year))-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func localTime(_ time: LocalTime) -> String {
        timeOfDay(time.nanosecondsSinceMidnight)
    }

    static func time(_ time: Time) -> String {
        timeOfDay(time.nanosecondsSinceMidnight) + offset(time.offsetSeconds)
    }

    static func localDateTime(_ value: LocalDateTime) -> String {
        dateAndTime(value.secondsSinceEpoch, value.nanoseconds)
    }

    static func dateTime(_ value: DateTime) -> String {
        switch value.zone {
        case .offset(let seconds):
            // Wrapping addition, so a stored value at the edge of the range cannot trap the server.
            return dateAndTime(value.secondsSinceEpoch &+ Int64(seconds), value.nanoseconds) + offset(seconds)
        case .identifier(let zone):
            // NOTE: no time-zone database is used, so a named zone is written in UTC with its name.
            return dateAndTime(value.secondsSinceEpoch, value.nanoseconds) + "Z[\(zone)]"
        }
    }

    /// `P1Y2M3DT4H5M6.5S`, leaving out zero parts, or `PT0S` for the zero duration.
    ///
    /// Seconds and nanoseconds share one sign in the text, so `-0.5` seconds is `PT-0.5S`, as
    /// Neo4j writes durations.
    static func duration(_ value: CypherDuration) -> String {
        var seconds = value.seconds
        var nanoseconds = Int64(value.nanoseconds)
        if nanoseconds < 0 {
            seconds &-= 1
            nanoseconds += 1_000_000_000
        }
        if value.months == 0, value.days == 0, seconds == 0, nanoseconds == 0 { return "PT0S" }
        var text = "P"
        if value.months / 12 != 0 { text += "\(value.months / 12)Y" }
        if value.months % 12 != 0 { text += "\(value.months % 12)M" }
        if value.days != 0 { text += "\(value.days)D" }
        guard seconds != 0 || nanoseconds != 0 else { return text }
        // A negative amount with a fraction is written as whole seconds towards zero plus a negative fraction.
        if seconds < 0, nanoseconds != 0 {
            seconds &+= 1
            nanoseconds -= 1_000_000_000
        }
        text += "T"
        if seconds / 3600 != 0 { text += "\(seconds / 3600)H" }
        if seconds % 3600 / 60 != 0 { text += "\(seconds % 3600 / 60)M" }
        let wholeSeconds = seconds % 60
        if wholeSeconds != 0 {
            text += "\(wholeSeconds)" + fraction(nanoseconds) + "S"
        } else if nanoseconds != 0 {
            text += (nanoseconds < 0 ? "-0" : "0") + fraction(nanoseconds) + "S"
        }
        return text
    }

    // MARK: Parts

    /// `HH:MM:SS` with a fraction when the nanoseconds are not zero.
    static func timeOfDay(_ nanoseconds: Int64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        let text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        return text + fraction(nanoseconds % 1_000_000_000)
    }

    /// `Z` for UTC, else `+HH:MM`, with `:SS` when the offset has seconds, as `java.time` writes it.
    static func offset(_ seconds: Int32) -> String {
        if seconds == 0 { return "Z" }
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = Int64(seconds.magnitude)
        var text = "\(sign)\(pad(magnitude / 3600, 2)):\(pad(magnitude / 60 % 60, 2))"
        if magnitude % 60 != 0 { text += ":\(pad(magnitude % 60, 2))" }
        return text
    }

    static func dateAndTime(_ seconds: Int64, _ nanoseconds: Int32) -> String {
        let (days, secondOfDay) = splitDays(seconds)
        return date(CalendarDate(daysSinceEpoch: days)) + "T"
            + timeOfDay(secondOfDay * 1_000_000_000 + Int64(nanoseconds))
    }

    /// Splits seconds since the epoch into whole days, rounded towards negative infinity, and the
    /// second of the day (0..<86400). No step can overflow, even at the ends of `Int64`.
    static func splitDays(_ seconds: Int64) -> (days: Int64, secondOfDay: Int64) {
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            days -= 1
            secondOfDay += 86_400
        }
        return (days, secondOfDay)
    }

    /// `.` and the digits of a fraction of a second without trailing zeros; empty for zero.
    private static func fraction(_ nanoseconds: Int64) -> String {
        guard nanoseconds != 0 else { return "" }
        var digits = pad(Int64(nanoseconds.magnitude), 9)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    private static func yearText(_ year: Int64) -> String {
        if year < 0 { return "-" + pad(Int64(year.magnitude), 4) }
        return year > 9999 ? "+\(year)" : pad(year, 4)
    }

    /// Computes the proleptic Gregorian year, month and day of a day count since 1970-01-01, with
    /// Howard Hinnant's `civil_from_days` algorithm.
    static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days &+ 719_468
        var era = shifted / 146_097
        var dayOfEra = shifted % 146_097
        if dayOfEra < 0 {
            era -= 1
            dayOfEra += 146_097
        }
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func pad(_ number: Int64, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
