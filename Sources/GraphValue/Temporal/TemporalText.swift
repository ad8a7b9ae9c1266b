/// ISO 8601 text of the temporal values, in the shape Neo4j's `toString` gives (that of
/// `java.time`). Minutes are always written, seconds only when not zero, and fractions in groups
/// of three digits. A named zone is written as the offset in effect with the name in brackets.
/// Cypher's `toString` and the HTTP API's JSON both use this type, and ``DurationText`` for
/// durations.
public enum TemporalText {
    /// Formats a date as `2020-06-01`. A day count outside ``CalendarDate/supportedDays`` (a Bolt
    /// parameter can carry one) prints as `N days since 1970-01-01`.
    public static func date(_ date: CalendarDate) -> String {
        // The civil arithmetic could overflow on day counts this far out.
        guard CalendarDate.supportedDays.contains(date.daysSinceEpoch) else {
            return "\(date.daysSinceEpoch) days since 1970-01-01"
        }
        let civil = CivilCalendar.civil(fromDays: date.daysSinceEpoch)
        return "\(yearText(civil.year))-\(pad(civil.month, 2))-\(pad(civil.day, 2))"
    }

    /// Formats a time of day without a zone as `12:31:14.645`.
    public static func localTime(_ time: LocalTime) -> String {
        timeOfDay(time.nanosecondsSinceMidnight)
    }

    /// Formats a time of day with its offset as `12:31:14.645+02:00`.
    public static func time(_ time: Time) -> String {
        timeOfDay(time.nanosecondsSinceMidnight) + TimeZones.offsetText(time.offsetSeconds)
    }

    /// Formats a date and time without a zone as `2017-08-08T12:31:14`.
    public static func localDateTime(_ value: LocalDateTime) -> String {
        dateAndTime(value.secondsSinceEpoch, value.nanoseconds)
    }

    /// Formats the local date and time with the offset, and a named zone's name in brackets:
    /// `2017-08-08T12:31:14.645876123+02:00[Europe/Stockholm]`.
    public static func dateTime(_ value: DateTime) -> String {
        let offset = TimeZones.offset(of: value.zone, atUTCSeconds: value.secondsSinceEpoch)
        // Wrapping addition, so a value at the edge of the range cannot trap the server.
        let local = dateAndTime(value.secondsSinceEpoch &+ Int64(offset), value.nanoseconds)
        let text = local + TimeZones.offsetText(offset)
        if case .identifier(let zone) = value.zone { return text + "[\(zone)]" }
        return text
    }

    /// Four digits for years 0000 to 9999; otherwise a sign and at least four digits, as
    /// `java.time.LocalDate` writes them (`+10000`, `-0001`).
    static func yearText(_ year: Int64) -> String {
        if year >= 0 && year <= 9999 { return pad(year, 4) }
        return (year < 0 ? "-" : "+") + pad(Int64(year.magnitude), 4)
    }

    /// `HH:MM`, then `:SS` unless the seconds and the fraction are zero, then the fraction in 3, 6
    /// or 9 digits.
    static func timeOfDay(_ nanoseconds: Int64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        let fraction = nanoseconds % 1_000_000_000
        var text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2))"
        guard seconds % 60 != 0 || fraction != 0 else { return text }
        text += ":" + pad(seconds % 60, 2)
        if fraction % 1_000_000 == 0 && fraction != 0 {
            text += "." + pad(fraction / 1_000_000, 3)
        } else if fraction % 1000 == 0 && fraction != 0 {
            text += "." + pad(fraction / 1000, 6)
        } else if fraction != 0 {
            text += "." + pad(fraction, 9)
        }
        return text
    }

    private static func dateAndTime(_ seconds: Int64, _ nanoseconds: Int32) -> String {
        let (days, secondOfDay) = CivilCalendar.splitDays(seconds: seconds)
        return date(CalendarDate(daysSinceEpoch: days)) + "T"
            + timeOfDay(secondOfDay * 1_000_000_000 + Int64(nanoseconds))
    }

    private static func pad(_ number: Int64, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
