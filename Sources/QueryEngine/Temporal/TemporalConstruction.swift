import GraphValue
import Host

/// Building temporal values from a map such as `{year: 1984, week: 10, dayOfWeek: 3}`, optionally
/// starting from other temporal values under the keys `date`, `time` and `datetime`.
///
/// A date comes from one of four field groups, which cannot be mixed: calendar (`year`, `month`,
/// `day`), week (`year` as the ISO week-based year, `week`, `dayOfWeek`), ordinal (`year`,
/// `ordinalDay`) and quarter (`year`, `quarter`, `dayOfQuarter`). Fields not given come from the
/// base value if there is one, and otherwise default to the first month, week, day or quarter.
enum TemporalConstruction {
    static let dateFields: Set<String> = [
        "year", "month", "day", "week", "dayofweek", "quarter", "dayofquarter", "ordinalday",
    ]
    static let timeFields: Set<String> = ["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"]

    /// The years `java.time` supports.
    static let yearRange: ClosedRange<Int64> = -999_999_999...999_999_999

    /// The values a map supplies besides its plain fields: bases taken from other temporal values
    /// and the requested zone.
    struct Bases {
        var days: Int64?
        var nanosecondOfDay: Int64?
        /// The zone of a `time` or `datetime` base; the fields are local to it.
        var zone: DateTime.Zone?
        var offsetSeconds: Int32?
        var instantSeconds: Int64?
    }

    /// Builds a value of `kind` from a map's entries. Keys are case-insensitive and null entries
    /// count as absent. `referenceSeconds` (UTC) picks the offset of a named zone for a `time`.
    static func build(_ kind: TemporalKind, from map: [String: Value], referenceSeconds: Int64) throws(ServerError)
        -> Value
    {
        let function = kind.rawValue
        var fields: [String: Int64] = [:]
        var bases = Bases()
        var zone: DateTime.Zone?
        for (key, value) in map where !value.isNull {
            let name = key.lowercased()
            guard allowedKeys(kind).contains(name) else {
                throw ServerError(.argumentError, "\(function)() does not accept the field `\(key)`")
            }
            switch name {
            case "timezone":
                zone = try TimeZones.zone(Arguments.string(value, function))
            case "date", "time", "datetime":
                try addBase(name, value, to: &bases, function: function)
            default:
                fields[name] = try Arguments.integer(value, function)
            }
        }
        if kind == .dateTime, fields["epochseconds"] != nil || fields["epochmillis"] != nil {
            return .dateTime(try epochDateTime(fields, zone: zone ?? TimeZones.defaultZone))
        }
        return try build(kind, fields: fields, bases: bases, zone: zone, referenceSeconds: referenceSeconds)
    }

    /// Builds a value of `kind` from integer fields and bases; `zone` is the requested zone, to
    /// which a zoned base is converted keeping the instant.
    static func build(
        _ kind: TemporalKind,
        fields: [String: Int64],
        bases: Bases,
        zone requestedZone: DateTime.Zone?,
        referenceSeconds: Int64
    ) throws(ServerError) -> Value {
        let function = kind.rawValue
        var days: Int64 = 0
        if kind.hasDate {
            guard let built = try date(fields, base: bases.days) else {
                throw ServerError(.argumentError, "\(function)() needs a year, or a date to start from")
            }
            // Week-based years and truncation to a millennium can step past the first or last supported year.
            guard CalendarDate.supportedDays.contains(built) else {
                let civil = CivilCalendar.civil(fromDays: built)
                throw ServerError(
                    .argumentError,
                    "\(function)() would give a date in the year \(civil.year), outside the supported years "
                        + "-999999999 to 999999999"
                )
            }
            days = built
        }
        var nanosecondOfDay: Int64 = 0
        if kind.hasTime {
            let built = try time(fields, base: bases.nanosecondOfDay)
            if built == nil, !kind.hasDate {
                throw ServerError(.argumentError, "\(function)() needs an hour, or a time to start from")
            }
            // A date and time without time fields starts at midnight.
            nanosecondOfDay = built ?? 0
        }
        return try zoned(kind, days: days, nanosecondOfDay: nanosecondOfDay, bases, requestedZone, referenceSeconds)
    }

    /// Places the built local fields in the right zone: a zoned base keeps its zone unless
    /// another is requested, in which case the instant is kept and the local fields change.
    private static func zoned(
        _ kind: TemporalKind,
        days: Int64,
        nanosecondOfDay: Int64,
        _ bases: Bases,
        _ requestedZone: DateTime.Zone?,
        _ referenceSeconds: Int64
    ) throws(ServerError) -> Value {
        switch kind {
        case .time:
            let reference = bases.instantSeconds ?? referenceSeconds
            guard let baseOffset = bases.offsetSeconds else {
                return kind.value(
                    days: 0,
                    nanosecondOfDay: nanosecondOfDay,
                    zone: requestedZone,
                    referenceSeconds: reference
                )
            }
            guard let requestedZone else {
                return .time(Time(nanosecondsSinceMidnight: nanosecondOfDay, offsetSeconds: baseOffset))
            }
            let newOffset = TimeZones.offset(of: requestedZone, atUTCSeconds: reference)
            let shifted = TemporalParts.shift(nanosecondOfDay: nanosecondOfDay, from: baseOffset, to: newOffset)
            return .time(Time(nanosecondsSinceMidnight: shifted, offsetSeconds: newOffset))
        case .dateTime:
            guard let baseZone = bases.zone else {
                return kind.value(
                    days: days,
                    nanosecondOfDay: nanosecondOfDay,
                    zone: requestedZone,
                    referenceSeconds: referenceSeconds
                )
            }
            var dateTime = TemporalParts.dateTime(
                days: days,
                nanosecondOfDay: nanosecondOfDay,
                zone: baseZone,
                preferredOffset: bases.offsetSeconds
            )
            if let requestedZone { dateTime.zone = requestedZone }
            return .dateTime(dateTime)
        default:
            return kind.value(
                days: days,
                nanosecondOfDay: nanosecondOfDay,
                zone: nil,
                referenceSeconds: referenceSeconds
            )
        }
    }

    private static func allowedKeys(_ kind: TemporalKind) -> Set<String> {
        switch kind {
        case .date: dateFields.union(["date"])
        case .localTime: timeFields.union(["time"])
        case .time: timeFields.union(["time", "timezone"])
        case .localDateTime: dateFields.union(timeFields).union(["date", "time", "datetime"])
        case .dateTime:
            dateFields.union(timeFields).union(["date", "time", "datetime", "timezone", "epochseconds", "epochmillis"])
        }
    }

    private static func addBase(_ key: String, _ value: Value, to bases: inout Bases, function: String)
        throws(ServerError)
    {
        guard let parts = try TemporalParts(value) else {
            throw Arguments.mismatch(function, expected: "temporal value for `\(key)`", got: value)
        }
        let instant: Int64? =
            if case .dateTime(let dateTime) = value { dateTime.secondsSinceEpoch } else { nil }
        switch key {
        case "date":
            guard let days = parts.days else {
                throw ServerError(
                    .typeError,
                    "`date` in \(function)() needs a value with a date, but got \(value.typeName)"
                )
            }
            bases.days = days
        case "time":
            guard let nanoseconds = parts.nanosecondOfDay else {
                throw ServerError(
                    .typeError,
                    "`time` in \(function)() needs a value with a time, but got \(value.typeName)"
                )
            }
            bases.nanosecondOfDay = nanoseconds
            if let zone = parts.zone {
                bases.zone = zone
                bases.offsetSeconds = parts.offsetSeconds
                bases.instantSeconds = instant
            }
        default:
            bases.days = parts.days
            bases.nanosecondOfDay = parts.nanosecondOfDay ?? 0
            bases.zone = parts.zone
            bases.offsetSeconds = parts.offsetSeconds
            bases.instantSeconds = instant
        }
    }

    /// `datetime({epochSeconds: s})` or `{epochMillis: ms}`, plus any fraction-of-second fields.
    private static func epochDateTime(_ fields: [String: Int64], zone: DateTime.Zone) throws(ServerError) -> DateTime {
        let extra = Set(fields.keys).subtracting([
            "epochseconds", "epochmillis", "millisecond", "microsecond", "nanosecond",
        ])
        if let key = extra.first {
            throw ServerError(.argumentError, "datetime() cannot combine `\(key)` with epochSeconds or epochMillis")
        }
        if fields["epochseconds"] != nil, fields["epochmillis"] != nil {
            throw ServerError(.argumentError, "datetime() accepts epochSeconds or epochMillis, not both")
        }
        var seconds: Int64 = 0
        var nanoseconds = try fraction(fields) ?? 0
        if let epochSeconds = fields["epochseconds"] {
            try TemporalParts.checkInstant(seconds: epochSeconds)
            seconds = epochSeconds
        }
        if let millis = fields["epochmillis"] {
            let (quotient, remainder) = TemporalFunctions.floorDivision(millis, 1000)
            seconds = quotient
            nanoseconds += remainder * 1_000_000
        }
        seconds += nanoseconds / TemporalParts.nanosecondsPerSecond
        try TemporalParts.checkInstant(seconds: seconds)
        return DateTime(
            secondsSinceEpoch: seconds,
            nanoseconds: Int32(nanoseconds % TemporalParts.nanosecondsPerSecond),
            zone: zone
        )
    }

    // MARK: - Date fields

    /// Days since the epoch from the date fields, or `base` when there are none.
    static func date(_ fields: [String: Int64], base: Int64?) throws(ServerError) -> Int64? {
        let calendar = fields["month"] != nil || fields["day"] != nil
        let week = fields["week"] != nil || fields["dayofweek"] != nil
        let ordinal = fields["ordinalday"] != nil
        let quarter = fields["quarter"] != nil || fields["dayofquarter"] != nil
        if [calendar, week, ordinal, quarter].filter({ $0 }).count > 1 {
            throw ServerError(
                .argumentError,
                "Cannot mix calendar (month, day), week (week, dayOfWeek), ordinal (ordinalDay) "
                    + "and quarter (quarter, dayOfQuarter) fields in one date"
            )
        }
        if let year = fields["year"] { try check("year", year, yearRange) }
        if week { return try weekDate(fields, base: base) }
        if ordinal { return try ordinalDate(fields, base: base) }
        if quarter { return try quarterDate(fields, base: base) }
        if calendar || fields["year"] != nil { return try calendarDate(fields, base: base) }
        return base
    }

    private static func calendarDate(_ fields: [String: Int64], base: Int64?) throws(ServerError) -> Int64 {
        var year: Int64
        var month: Int64 = 1
        var day: Int64 = 1
        if let base {
            let civil = CivilCalendar.civil(fromDays: base)
            (year, month, day) = (civil.year, civil.month, civil.day)
        } else {
            year = try required("year", fields)
            if fields["day"] != nil { _ = try required("month", fields, for: "day") }
        }
        year = fields["year"] ?? year
        month = fields["month"] ?? month
        try check("month", month, 1...12)
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        // A day taken from the base moves back to the end of a shorter month, as `java.time` does.
        day = fields["day"] ?? min(day, length)
        try check("day", day, 1...length)
        return CivilCalendar.days(year: year, month: month, day: day)
    }

    private static func weekDate(_ fields: [String: Int64], base: Int64?) throws(ServerError) -> Int64 {
        var weekYear: Int64
        var week: Int64 = 1
        var dayOfWeek: Int64 = 1
        if let base {
            (weekYear, week) = CivilCalendar.isoWeek(days: base)
            dayOfWeek = CivilCalendar.dayOfWeek(days: base)
        } else {
            weekYear = try required("year", fields)
            if fields["dayofweek"] != nil { _ = try required("week", fields, for: "dayOfWeek") }
        }
        weekYear = fields["year"] ?? weekYear
        let weeks = CivilCalendar.weeksInWeekYear(weekYear)
        week = fields["week"] ?? min(week, weeks)
        try check("week", week, 1...weeks)
        dayOfWeek = fields["dayofweek"] ?? dayOfWeek
        try check("dayOfWeek", dayOfWeek, 1...7)
        return CivilCalendar.firstDayOfWeekYear(weekYear) + (week - 1) * 7 + dayOfWeek - 1
    }

    private static func ordinalDate(_ fields: [String: Int64], base: Int64?) throws(ServerError) -> Int64 {
        let year: Int64
        if let base {
            year = fields["year"] ?? CivilCalendar.civil(fromDays: base).year
        } else {
            year = try required("year", fields)
        }
        let ordinalDay = fields["ordinalday"] ?? 1
        try check("ordinalDay", ordinalDay, 1...CivilCalendar.daysInYear(year))
        return CivilCalendar.days(year: year, month: 1, day: 1) + ordinalDay - 1
    }

    private static func quarterDate(_ fields: [String: Int64], base: Int64?) throws(ServerError) -> Int64 {
        var year: Int64
        var quarter: Int64 = 1
        var dayOfQuarter: Int64 = 1
        if let base {
            year = CivilCalendar.civil(fromDays: base).year
            (quarter, dayOfQuarter) = CivilCalendar.quarter(days: base)
        } else {
            year = try required("year", fields)
            if fields["dayofquarter"] != nil { _ = try required("quarter", fields, for: "dayOfQuarter") }
        }
        year = fields["year"] ?? year
        quarter = fields["quarter"] ?? quarter
        try check("quarter", quarter, 1...4)
        let first = CivilCalendar.days(year: year, month: quarter * 3 - 2, day: 1)
        let length = CivilCalendar.daysInQuarter(year: year, quarter: quarter)
        dayOfQuarter = fields["dayofquarter"] ?? min(dayOfQuarter, length)
        try check("dayOfQuarter", dayOfQuarter, 1...length)
        return first + dayOfQuarter - 1
    }

    // MARK: - Time fields

    /// Nanoseconds since midnight from the time fields, or `base` when there are none.
    ///
    /// Without a base, each field needs the next larger one (`minute` needs `hour`). The fraction
    /// fields add up: `{millisecond: 123, microsecond: 456}` is 0.123456 s, and a smaller field
    /// given with a larger one must stay below 1000.
    static func time(_ fields: [String: Int64], base: Int64?) throws(ServerError) -> Int64? {
        guard !timeFields.isDisjoint(with: fields.keys) else { return base }
        let perSecond = TemporalParts.nanosecondsPerSecond
        var hour: Int64 = 0
        var minute: Int64 = 0
        var second: Int64 = 0
        var fractionPart: Int64 = 0
        if let base {
            hour = base / (3600 * perSecond)
            minute = base / (60 * perSecond) % 60
            second = base / perSecond % 60
            fractionPart = base % perSecond
        } else {
            _ = try required("hour", fields)
            if fields["second"] != nil { _ = try required("minute", fields, for: "second") }
            let hasFraction =
                fields["millisecond"] != nil || fields["microsecond"] != nil || fields["nanosecond"] != nil
            if hasFraction { _ = try required("second", fields, for: "a fraction of a second") }
        }
        hour = fields["hour"] ?? hour
        try check("hour", hour, 0...23)
        minute = fields["minute"] ?? minute
        try check("minute", minute, 0...59)
        second = fields["second"] ?? second
        try check("second", second, 0...59)
        fractionPart = try fraction(fields) ?? fractionPart
        return ((hour * 60 + minute) * 60 + second) * perSecond + fractionPart
    }

    /// Returns the fraction of a second in nanoseconds from `millisecond`, `microsecond` and `nanosecond`,
    /// or nil when none is given.
    static func fraction(_ fields: [String: Int64]) throws(ServerError) -> Int64? {
        let millisecond = fields["millisecond"]
        let microsecond = fields["microsecond"]
        let nanosecond = fields["nanosecond"]
        if millisecond == nil, microsecond == nil, nanosecond == nil { return nil }
        if let millisecond { try check("millisecond", millisecond, 0...999) }
        if let microsecond { try check("microsecond", microsecond, 0...(millisecond == nil ? 999_999 : 999)) }
        if let nanosecond {
            let upper: Int64 = millisecond == nil && microsecond == nil ? 999_999_999 : 999
            try check("nanosecond", nanosecond, 0...upper)
        }
        return (millisecond ?? 0) * 1_000_000 + (microsecond ?? 0) * 1000 + (nanosecond ?? 0)
    }

    // MARK: - Checks

    private static func required(_ name: String, _ fields: [String: Int64], for other: String? = nil)
        throws(ServerError) -> Int64
    {
        if let value = fields[name.lowercased()] { return value }
        let reason = other.map { "\($0) is given" } ?? "other fields are given without a base value"
        throw ServerError(.argumentError, "The field `\(name)` must be specified when \(reason)")
    }

    static func check(_ name: String, _ value: Int64, _ range: ClosedRange<Int64>) throws(ServerError) {
        guard range.contains(value) else {
            throw ServerError(
                .argumentError,
                "Invalid value for \(name): \(value); expected \(range.lowerBound) to \(range.upperBound)"
            )
        }
    }
}
