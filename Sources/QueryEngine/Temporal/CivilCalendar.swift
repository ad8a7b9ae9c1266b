/// Date arithmetic in the proleptic Gregorian calendar with ISO 8601 weeks, as Cypher's temporal
/// types use it. Days count from 1970-01-01; years may be zero or negative (astronomical numbering).
enum CivilCalendar {
    struct CivilDate: Equatable, Sendable {
        var year: Int64
        var month: Int64
        var day: Int64
    }

    /// Returns the civil date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> CivilDate {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return CivilDate(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Returns the day count since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
    /// The caller checks that month and day are in range.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func daysInYear(_ year: Int64) -> Int64 { isLeapYear(year) ? 366 : 365 }

    /// Returns the ISO day of the week: 1 for Monday through 7 for Sunday.
    static func dayOfWeek(days: Int64) -> Int64 {
        // 1970-01-01 was a Thursday (4).
        let remainder = (days + 3) % 7
        return (remainder < 0 ? remainder + 7 : remainder) + 1
    }

    /// Returns the day of the year, 1 for January 1st.
    static func dayOfYear(days: Int64) -> Int64 {
        let date = civil(fromDays: days)
        return days - Self.days(year: date.year, month: 1, day: 1) + 1
    }

    /// Returns the quarter (1 to 4) and the day within it (from 1).
    static func quarter(days: Int64) -> (quarter: Int64, dayOfQuarter: Int64) {
        let date = civil(fromDays: days)
        let quarter = (date.month - 1) / 3 + 1
        let first = Self.days(year: date.year, month: (quarter - 1) * 3 + 1, day: 1)
        return (quarter, days - first + 1)
    }

    /// Returns the Monday that starts ISO week 1 of a week-based year: the week with January 4th.
    static func firstDayOfWeekYear(_ weekYear: Int64) -> Int64 {
        let january4 = days(year: weekYear, month: 1, day: 4)
        return january4 - (dayOfWeek(days: january4) - 1)
    }

    /// Returns the ISO week-based year and the week number (1 to 53) of a day.
    static func isoWeek(days: Int64) -> (weekYear: Int64, week: Int64) {
        let year = civil(fromDays: days).year
        var weekYear = year + 1
        if days < firstDayOfWeekYear(weekYear) {
            weekYear = year
            if days < firstDayOfWeekYear(weekYear) { weekYear = year - 1 }
        }
        return (weekYear, (days - firstDayOfWeekYear(weekYear)) / 7 + 1)
    }

    /// Returns the number of ISO weeks (52 or 53) in a week-based year.
    static func weeksInWeekYear(_ weekYear: Int64) -> Int64 {
        (firstDayOfWeekYear(weekYear + 1) - firstDayOfWeekYear(weekYear)) / 7
    }

    /// Splits seconds since the epoch into whole days and the second of that day (0 to 86,399),
    /// without overflowing near the Int64 limits.
    static func splitDays(seconds: Int64) -> (days: Int64, secondOfDay: Int64) {
        TemporalParts.splitDays(seconds: seconds)
    }
}

extension CivilCalendar {
    /// Returns the number of days (90 to 92) in a quarter (1 to 4) of a year.
    static func daysInQuarter(year: Int64, quarter: Int64) -> Int64 {
        let first = days(year: year, month: quarter * 3 - 2, day: 1)
        let next =
            quarter == 4 ? days(year: year + 1, month: 1, day: 1) : days(year: year, month: quarter * 3 + 1, day: 1)
        return next - first
    }
}
