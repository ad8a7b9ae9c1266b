/// Formats times for management responses.
enum Timestamp {
    /// Formats `seconds` since the Unix epoch as an RFC 3339 UTC timestamp, `2024-05-01T12:00:00Z`.
    ///
    /// Uses the proleptic Gregorian calendar, so any `Int64` gives a date. RFC 3339 has no form
    /// for years outside 0...9999, so those years come out with more or fewer than four digits.
    static func rfc3339(_ seconds: Int64) -> String {
        // Floor division, so times before 1970 fall on the right day.
        let (quotient, remainder) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let days = remainder < 0 ? quotient - 1 : quotient
        let secondOfDay = remainder < 0 ? remainder + 86_400 : remainder
        let (year, month, day) = civil(fromDays: days)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3_600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// Converts a day count since 1970-01-01 to a Gregorian date, with Howard Hinnant's
    /// `civil_from_days` algorithm.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        // Shifts the epoch to 0000-03-01 so leap days fall at the end of each 400-year era. A day
        // count from `Int64` seconds is below 1.1e14 in magnitude, so nothing here overflows.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}
