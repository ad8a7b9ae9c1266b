import GraphValue
import Host

/// `duration.between`, `duration.inMonths`, `duration.inDays` and `duration.inSeconds`, with Neo4j's
/// rules for operands of different types. Before two values are compared, each borrows what it lacks
/// from the other. A date without a time gets midnight, and a time without a date gets the other
/// value's date. A value without a zone gets the other value's offset. Whole months and days count on
/// the local dates in the start's zone, as `java.time` does, so across a daylight saving transition
/// one day can be 23 or 25 hours long. Two times alone have no date,
/// so their difference in months or days is zero.
enum DurationBetween {
    enum Unit {
        /// Months, then days, then the rest in seconds, as `duration.between` returns it.
        case mixed
        case months
        case days
        case seconds
    }

    /// Returns the duration from `start` to `end` in `unit`; null when either is null.
    static func between(_ start: Value, _ end: Value, unit: Unit, function: String) throws(ServerError) -> Value {
        if start.isNull || end.isNull { return .null }
        // The range check comes first because taking an out-of-range value apart would overflow.
        try TemporalParts.checkRange(start)
        try TemporalParts.checkRange(end)
        guard let from = Operand(start) else { throw Arguments.mismatch(function, expected: "temporal", got: start) }
        guard let to = Operand(end) else { throw Arguments.mismatch(function, expected: "temporal", got: end) }
        switch unit {
        case .months:
            return .duration(try DurationMath.make(months: months(from, to), days: 0, seconds: 0, nanoseconds: 0))
        case .days:
            return .duration(try DurationMath.make(months: 0, days: days(from, to), seconds: 0, nanoseconds: 0))
        case .seconds:
            return .duration(try DurationMath.make(months: 0, days: 0, seconds: 0, nanoseconds: nanoseconds(from, to)))
        case .mixed:
            var moved = from
            var wholeMonths: Int128 = 0
            var wholeDays: Int128 = 0
            if let fromDay = from.day, to.day != nil {
                wholeMonths = months(from, to)
                var day = try DurationCalendar.addMonths(wholeMonths, toDay: fromDay)
                moved.day = day
                moved.resolveOffset(preferring: from.offsetSeconds)
                wholeDays = days(moved, to)
                day = try DurationCalendar.checkedDay(Int128(moved.day ?? day) + wholeDays)
                let offsetBeforeDays = moved.offsetSeconds
                moved.day = day
                moved.resolveOffset(preferring: offsetBeforeDays)
            }
            return .duration(
                try DurationMath.make(
                    months: wholeMonths,
                    days: wholeDays,
                    seconds: 0,
                    nanoseconds: nanoseconds(moved, to)
                )
            )
        }
    }

    /// A temporal value taken apart: the local date as days since 1970-01-01, the local time as
    /// nanoseconds since midnight, and the UTC offset in seconds, each nil when the type lacks it.
    struct Operand {
        var day: Int64?
        var nanosecondOfDay: Int64?
        var offsetSeconds: Int64?
        /// The zone of a date-time, whose rules give the offset when the local date moves.
        var zone: DateTime.Zone?

        init?(_ value: Value) {
            switch value {
            case .date(let date):
                day = date.daysSinceEpoch
            case .localTime(let time):
                nanosecondOfDay = time.nanosecondsSinceMidnight
            case .time(let time):
                nanosecondOfDay = time.nanosecondsSinceMidnight
                offsetSeconds = Int64(time.offsetSeconds)
            case .localDateTime(let dateTime):
                (day, nanosecondOfDay) = Self.split(seconds: dateTime.secondsSinceEpoch, dateTime.nanoseconds)
            case .dateTime(let dateTime):
                let offset = Int64(TimeZones.offset(of: dateTime.zone, atUTCSeconds: dateTime.secondsSinceEpoch))
                (day, nanosecondOfDay) = Self.split(seconds: dateTime.secondsSinceEpoch + offset, dateTime.nanoseconds)
                offsetSeconds = offset
                zone = dateTime.zone
            default:
                return nil
            }
        }

        private static func split(seconds: Int64, _ nanoseconds: Int32) -> (Int64, Int64) {
            let (day, secondOfDay) = CivilCalendar.splitDays(seconds: seconds)
            return (day, secondOfDay * 1_000_000_000 + Int64(nanoseconds))
        }

        /// The local date and time as nanoseconds since 1970-01-01T00:00; a missing date counts as day 0.
        var local: Int128 {
            Int128(day ?? 0) * DurationMath.nanosecondsPerDay + Int128(nanosecondOfDay ?? 0)
        }

        /// The instant as nanoseconds since 1970-01-01T00:00Z, counting a missing offset as UTC.
        var instant: Int128 {
            local - Int128(offsetSeconds ?? 0) * DurationMath.nanosecondsPerSecond
        }

        /// Sets the offset of a named zone after the local date moved, as ``TimeZones/utcSeconds(fromLocal:zone:preferredOffset:)``
        /// resolves it. A local time in a gap moves forward by the length of the gap.
        mutating func resolveOffset(preferring preferred: Int64?) {
            guard case .identifier? = zone, let zone, let day, let nanosecondOfDay else { return }
            let fraction = nanosecondOfDay % 1_000_000_000
            let localSeconds = TemporalParts.localSeconds(days: day, nanosecondOfDay: nanosecondOfDay)
            let utc = TimeZones.utcSeconds(
                fromLocal: localSeconds,
                zone: zone,
                preferredOffset: preferred.flatMap { Int32(exactly: $0) }
            )
            let offset = Int64(TimeZones.offset(of: zone, atUTCSeconds: utc))
            (self.day, self.nanosecondOfDay) = Self.split(seconds: utc + offset, Int32(fraction))
            offsetSeconds = offset
        }
    }

    /// Fills in what each operand lacks from the other, as described on ``DurationBetween``.
    private static func aligned(_ from: Operand, _ to: Operand) -> (Operand, Operand) {
        var from = from
        var to = to
        if from.nanosecondOfDay == nil { from.nanosecondOfDay = 0 }
        if to.nanosecondOfDay == nil { to.nanosecondOfDay = 0 }
        if from.day == nil { from.day = to.day }
        if to.day == nil { to.day = from.day }
        if from.offsetSeconds == nil { from.offsetSeconds = to.offsetSeconds }
        if to.offsetSeconds == nil { to.offsetSeconds = from.offsetSeconds }
        return (from, to)
    }

    /// Returns the local start and end days for counting whole months or days, or nil when neither
    /// operand has a date. The end is first moved into the start's zone, then pulled one day toward
    /// the start when its time of day has not yet reached the start's, so that only complete days count.
    private static func calendarSpan(_ from: Operand, _ to: Operand) -> (start: Int64, end: Int64)? {
        let (from, to) = aligned(from, to)
        guard let startDay = from.day else { return nil }
        let (endDayWide, endTimeWide) = DurationCalendar.split(localInStartZone(from, to))
        var endDay = Int64(endDayWide)
        let endTime = Int64(endTimeWide)
        let startTime = from.nanosecondOfDay ?? 0
        if endDay > startDay && endTime < startTime {
            endDay -= 1
        } else if endDay < startDay && endTime > startTime {
            endDay += 1
        }
        return (startDay, endDay)
    }

    /// Returns the local date and time of `to`'s instant in `from`'s zone, or in `from`'s offset when
    /// `from` has no named zone, as nanoseconds since 1970-01-01T00:00.
    private static func localInStartZone(_ from: Operand, _ to: Operand) -> Int128 {
        let instant = to.instant
        guard case .identifier? = from.zone, let zone = from.zone else {
            return instant + Int128(from.offsetSeconds ?? 0) * DurationMath.nanosecondsPerSecond
        }
        let (seconds, _) = DurationMath.floorDivide(instant, DurationMath.nanosecondsPerSecond)
        let offset = TimeZones.offset(of: zone, atUTCSeconds: Int64(seconds))
        return instant + Int128(offset) * DurationMath.nanosecondsPerSecond
    }

    /// Whole months from `from` to `to`, truncated toward zero, counting a month complete when the
    /// end's day of the month reaches the start's.
    private static func months(_ from: Operand, _ to: Operand) -> Int128 {
        guard let (startDay, endDay) = calendarSpan(from, to) else { return 0 }
        func packed(_ day: Int64) -> Int128 {
            let date = CivilCalendar.civil(fromDays: day)
            return (Int128(date.year) * 12 + Int128(date.month - 1)) * 32 + Int128(date.day)
        }
        return (packed(endDay) - packed(startDay)) / 32
    }

    private static func days(_ from: Operand, _ to: Operand) -> Int128 {
        guard let (startDay, endDay) = calendarSpan(from, to) else { return 0 }
        return Int128(endDay) - Int128(startDay)
    }

    /// Nanoseconds between the two instants, or between the local values when neither has a zone.
    private static func nanoseconds(_ from: Operand, _ to: Operand) -> Int128 {
        let (from, to) = aligned(from, to)
        return to.instant - from.instant
    }
}
