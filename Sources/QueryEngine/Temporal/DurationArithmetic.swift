import GraphValue
import Host

/// The arithmetic operators on durations: duration ± duration, temporal ± duration, duration × number
/// and duration ÷ number. ``Arithmetic`` calls these before its numeric cases.
enum DurationArithmetic {
    /// `lhs + rhs` when either side is a duration; nil when neither is.
    static func add(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value? {
        switch (lhs, rhs) {
        case (.duration(let a), .duration(let b)):
            return .duration(try combine(a, b, sign: 1))
        case (.duration(let duration), _) where rhs.isTemporalInstant:
            return try shift(rhs, by: duration, sign: 1)
        case (_, .duration(let duration)) where lhs.isTemporalInstant:
            return try shift(lhs, by: duration, sign: 1)
        default:
            return nil
        }
    }

    /// `lhs - rhs` when the right side is a duration and the left a duration or a temporal; nil otherwise.
    static func subtract(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value? {
        switch (lhs, rhs) {
        case (.duration(let a), .duration(let b)):
            return .duration(try combine(a, b, sign: -1))
        case (_, .duration(let duration)) where lhs.isTemporalInstant:
            return try shift(lhs, by: duration, sign: -1)
        default:
            return nil
        }
    }

    /// `lhs * rhs` for a duration and a number in either order; nil otherwise.
    static func multiply(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value? {
        switch (lhs, rhs) {
        case (.duration(let duration), .integer(let factor)), (.integer(let factor), .duration(let duration)):
            let d = duration.normalized
            let scale = Int128(factor)
            return .duration(
                try DurationMath.make(
                    months: Int128(d.months) * scale,
                    days: Int128(d.days) * scale,
                    seconds: Int128(d.seconds) * scale,
                    nanoseconds: Int128(d.nanoseconds) * scale
                )
            )
        case (.duration(let duration), .float(let factor)), (.float(let factor), .duration(let duration)):
            let d = duration.normalized
            return .duration(
                try DurationMath.approximate(
                    months: Double(d.months) * factor,
                    days: Double(d.days) * factor,
                    seconds: Double(d.seconds) * factor,
                    nanoseconds: Double(d.nanoseconds) * factor
                )
            )
        default:
            return nil
        }
    }

    /// `duration / number`, spreading fractions to smaller units as Neo4j does; nil for other operands.
    static func divide(_ lhs: Value, _ rhs: Value) throws(ServerError) -> Value? {
        guard case .duration(let duration) = lhs, let divisor = rhs.doubleValue else { return nil }
        if divisor == 0 { throw Arithmetic.divisionByZero }
        let d = duration.normalized
        return .duration(
            try DurationMath.approximate(
                months: Double(d.months) / divisor,
                days: Double(d.days) / divisor,
                seconds: Double(d.seconds) / divisor,
                nanoseconds: Double(d.nanoseconds) / divisor
            )
        )
    }

    /// Returns `-duration`.
    static func negate(_ duration: CypherDuration) throws(ServerError) -> CypherDuration {
        try DurationMath.make(
            months: -Int128(duration.months),
            days: -Int128(duration.days),
            seconds: -Int128(duration.seconds),
            nanoseconds: -Int128(duration.nanoseconds)
        )
    }

    private static func combine(_ a: CypherDuration, _ b: CypherDuration, sign: Int128) throws(ServerError)
        -> CypherDuration
    {
        try DurationMath.make(
            months: Int128(a.months) + sign * Int128(b.months),
            days: Int128(a.days) + sign * Int128(b.days),
            seconds: Int128(a.seconds) + sign * Int128(b.seconds),
            nanoseconds: Int128(a.nanoseconds) + sign * Int128(b.nanoseconds)
        )
    }

    /// Adds `sign` times a duration to a temporal value, in Neo4j's order: months (clamping the day
    /// to the month's length), then days, then seconds and nanoseconds. Parts a type cannot hold are
    /// skipped: times ignore months and days, and dates ignore nanoseconds and use only the whole
    /// days in the seconds (truncated toward zero). Times wrap around midnight.
    static func shift(_ temporal: Value, by duration: CypherDuration, sign: Int128) throws(ServerError) -> Value {
        try TemporalParts.checkRange(temporal)
        let d = duration.normalized
        let months = sign * Int128(d.months)
        let days = sign * Int128(d.days)
        let time = sign * d.totalNanoseconds
        switch temporal {
        case .date(let date):
            var day = try DurationCalendar.addMonths(months, toDay: date.daysSinceEpoch)
            day = try DurationCalendar.checkedDay(Int128(day) + days)
            day = try DurationCalendar.checkedDay(Int128(day) + sign * (Int128(d.seconds) / DurationMath.secondsPerDay))
            return .date(CalendarDate(daysSinceEpoch: day))
        case .localTime(let localTime):
            return .localTime(LocalTime(nanosecondsSinceMidnight: wrap(localTime.nanosecondsSinceMidnight, time)))
        case .time(let value):
            let nanoseconds = wrap(value.nanosecondsSinceMidnight, time)
            return .time(Time(nanosecondsSinceMidnight: nanoseconds, offsetSeconds: value.offsetSeconds))
        case .localDateTime(let value):
            let start = Int128(value.secondsSinceEpoch) * DurationMath.nanosecondsPerSecond + Int128(value.nanoseconds)
            let local = try shiftLocal(start, months: months, days: days, time: time)
            let (seconds, nanoseconds) = DurationMath.floorDivide(local, DurationMath.nanosecondsPerSecond)
            return .localDateTime(LocalDateTime(secondsSinceEpoch: Int64(seconds), nanoseconds: Int32(nanoseconds)))
        case .dateTime(let value):
            return .dateTime(try shiftZoned(value, months: months, days: days, time: time))
        default:
            preconditionFailure("shift(_:by:sign:) takes only temporal instants")
        }
    }

    private static func shiftLocal(_ start: Int128, months: Int128, days: Int128, time: Int128) throws(ServerError)
        -> Int128
    {
        var local = try DurationCalendar.addMonths(months, toLocal: start)
        local = try DurationCalendar.checkedLocal(local + days * DurationMath.nanosecondsPerDay)
        return try DurationCalendar.checkedLocal(local + time)
    }

    /// Adds to a date-time as `java.time`'s `ZonedDateTime` does. Months and then days each move the
    /// local date and keep the local time, and the zone's rules then give the offset. The old offset
    /// stays when it is still valid (an overlap), and a local time in a gap moves forward by the gap.
    /// Seconds and nanoseconds move the instant, so adding hours across a transition shows the jump.
    private static func shiftZoned(_ value: DateTime, months: Int128, days: Int128, time: Int128) throws(ServerError)
        -> DateTime
    {
        var result = value
        if months != 0 {
            let (local, offset) = localNanoseconds(of: result)
            result = place(try DurationCalendar.addMonths(months, toLocal: local), in: value.zone, preferring: offset)
        }
        if days != 0 {
            let (local, offset) = localNanoseconds(of: result)
            let moved = try DurationCalendar.checkedLocal(local + days * DurationMath.nanosecondsPerDay)
            result = place(moved, in: value.zone, preferring: offset)
        }
        if time != 0 {
            let instant =
                Int128(result.secondsSinceEpoch) * DurationMath.nanosecondsPerSecond + Int128(result.nanoseconds) + time
            let (wideSeconds, nanoseconds) = DurationMath.floorDivide(instant, DurationMath.nanosecondsPerSecond)
            guard let seconds = Int64(exactly: wideSeconds) else {
                throw DurationCalendar.outOfRange("second \(wideSeconds) since 1970-01-01")
            }
            let offset = TimeZones.offset(of: value.zone, atUTCSeconds: seconds)
            _ = try DurationCalendar.checkedLocal(instant + Int128(offset) * DurationMath.nanosecondsPerSecond)
            result = DateTime(secondsSinceEpoch: seconds, nanoseconds: Int32(nanoseconds), zone: value.zone)
        }
        return result
    }

    /// Returns the local date and time of a date-time as nanoseconds since 1970-01-01T00:00, and the
    /// offset in effect at its instant.
    private static func localNanoseconds(of value: DateTime) -> (local: Int128, offset: Int32) {
        let offset = TimeZones.offset(of: value.zone, atUTCSeconds: value.secondsSinceEpoch)
        let seconds = Int128(value.secondsSinceEpoch) + Int128(offset)
        return (seconds * DurationMath.nanosecondsPerSecond + Int128(value.nanoseconds), offset)
    }

    /// Places a checked local date and time in `zone`, as ``TimeZones/utcSeconds(fromLocal:zone:preferredOffset:)``
    /// resolves gaps and overlaps.
    private static func place(_ local: Int128, in zone: DateTime.Zone, preferring offset: Int32) -> DateTime {
        let (seconds, nanoseconds) = DurationMath.floorDivide(local, DurationMath.nanosecondsPerSecond)
        let utc = TimeZones.utcSeconds(fromLocal: Int64(seconds), zone: zone, preferredOffset: offset)
        return DateTime(secondsSinceEpoch: utc, nanoseconds: Int32(nanoseconds), zone: zone)
    }

    /// Adds nanoseconds to a time of day, wrapping around midnight.
    private static func wrap(_ nanosecondOfDay: Int64, _ amount: Int128) -> Int64 {
        let (_, result) = DurationMath.floorDivide(Int128(nanosecondOfDay) + amount, DurationMath.nanosecondsPerDay)
        return Int64(result)
    }
}

extension Value {
    /// Dates, times and date-times: the values a duration can be added to.
    var isTemporalInstant: Bool {
        switch self {
        case .date, .time, .localTime, .dateTime, .localDateTime: true
        default: false
        }
    }
}
