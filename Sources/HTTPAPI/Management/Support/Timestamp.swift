import GraphValue

/// Formats times for management responses.
enum Timestamp {
    /// Formats `seconds` since the Unix epoch as an RFC 3339 UTC timestamp, `2024-05-01T12:00:00Z`.
    ///
    /// Uses the proleptic Gregorian calendar, so any `Int64` gives a date. RFC 3339 has no form
    /// for years outside 0...9999, so those years come out with more or fewer than four digits.
    static func rfc3339(_ seconds: Int64) -> String {
        let (days, secondOfDay) = CivilCalendar.splitDays(seconds: seconds)
        let date = CivilCalendar.civil(fromDays: days)
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(secondOfDay / 3_600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}
