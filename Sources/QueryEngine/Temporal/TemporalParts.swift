import GraphValue
import Host

/// The local date, local time of day and zone of a temporal value: the form that construction,
/// truncation and component access work on, whatever the value's type.
struct TemporalParts {
    static let nanosecondsPerSecond: Int64 = 1_000_000_000
    static let nanosecondsPerDay: Int64 = 86_400 * nanosecondsPerSecond

    /// Days since 1970-01-01 of the local date; nil for times.
    var days: Int64?
    /// Nanoseconds since local midnight; nil for dates.
    var nanosecondOfDay: Int64?
    /// The zone; nil for dates and the local types.
    var zone: DateTime.Zone?
    /// The UTC offset in effect at the value's instant; nil without a zone.
    var offsetSeconds: Int32?

    init(days: Int64?, nanosecondOfDay: Int64?, zone: DateTime.Zone? = nil, offsetSeconds: Int32? = nil) {
        self.days = days
        self.nanosecondOfDay = nanosecondOfDay
        self.zone = zone
        self.offsetSeconds = offsetSeconds
    }

    /// The UTC seconds of instants within `CalendarDate.supportedDays`.
    static let supportedSeconds: ClosedRange<Int64> =
        CalendarDate.supportedDays.lowerBound * 86_400...CalendarDate.supportedDays.upperBound * 86_400 + 86_399

    /// Checks that an instant given as UTC seconds lies within the supported years.
    static func checkInstant(seconds: Int64) throws(ServerError) {
        guard supportedSeconds.contains(seconds) else {
            throw ServerError(
                .argumentError,
                "The instant \(seconds) s since the epoch is outside the supported years -999999999 to 999999999"
            )
        }
    }

    /// Splits a temporal value into its parts; returns nil for durations and non-temporal values.
    ///
    /// - Throws: `ArgumentError` for a value outside the supported years or a time of day outside
    ///   0 to 24 hours. Parameters can carry such values, and the calendar arithmetic would overflow.
    init?(_ value: Value) throws(ServerError) {
        switch value {
        case .date(let date):
            try Self.checkDays(date.daysSinceEpoch, value)
            self.init(days: date.daysSinceEpoch, nanosecondOfDay: nil)
        case .localTime(let time):
            try Self.checkTime(time.nanosecondsSinceMidnight, value)
            self.init(days: nil, nanosecondOfDay: time.nanosecondsSinceMidnight)
        case .time(let time):
            try Self.checkTime(time.nanosecondsSinceMidnight, value)
            self.init(
                days: nil,
                nanosecondOfDay: time.nanosecondsSinceMidnight,
                zone: .offset(seconds: time.offsetSeconds),
                offsetSeconds: time.offsetSeconds
            )
        case .localDateTime(let dateTime):
            let (days, second) = CivilCalendar.splitDays(seconds: dateTime.secondsSinceEpoch)
            try Self.checkDays(days, value)
            self.init(days: days, nanosecondOfDay: second * Self.nanosecondsPerSecond + Int64(dateTime.nanoseconds))
        case .dateTime(let dateTime):
            let offset = TimeZones.offset(of: dateTime.zone, atUTCSeconds: dateTime.secondsSinceEpoch)
            let (days, second) = CivilCalendar.splitDays(seconds: dateTime.secondsSinceEpoch &+ Int64(offset))
            try Self.checkDays(days, value)
            self.init(
                days: days,
                nanosecondOfDay: second * Self.nanosecondsPerSecond + Int64(dateTime.nanoseconds),
                zone: dateTime.zone,
                offsetSeconds: offset
            )
        default:
            return nil
        }
    }

    /// Checks that a temporal value lies within the supported years and, for times, within one day.
    /// Parameters can carry any Int64, and the calendar arithmetic would overflow on such values.
    static func checkRange(_ value: Value) throws(ServerError) {
        _ = try TemporalParts(value)
    }

    private static func checkDays(_ days: Int64, _ value: Value) throws(ServerError) {
        guard CalendarDate.supportedDays.contains(days) else {
            throw ServerError(
                .argumentError,
                "The \(value.typeName) value is outside the supported years -999999999 to 999999999"
            )
        }
    }

    private static func checkTime(_ nanoseconds: Int64, _ value: Value) throws(ServerError) {
        guard (0..<nanosecondsPerDay).contains(nanoseconds) else {
            throw ServerError(.argumentError, "The \(value.typeName) value has a time of day outside 00:00 to 24:00")
        }
    }

    /// Seconds since the epoch of the local date and time, as if they were UTC.
    static func localSeconds(days: Int64, nanosecondOfDay: Int64) -> Int64 {
        days * 86_400 + nanosecondOfDay / nanosecondsPerSecond
    }

    static func localDateTime(days: Int64, nanosecondOfDay: Int64) -> LocalDateTime {
        LocalDateTime(
            secondsSinceEpoch: localSeconds(days: days, nanosecondOfDay: nanosecondOfDay),
            nanoseconds: Int32(nanosecondOfDay % nanosecondsPerSecond)
        )
    }

    /// Places a local date and time in `zone`, resolving gaps and overlaps as `java.time` does.
    static func dateTime(
        days: Int64,
        nanosecondOfDay: Int64,
        zone: DateTime.Zone,
        preferredOffset: Int32? = nil
    ) -> DateTime {
        let local = localSeconds(days: days, nanosecondOfDay: nanosecondOfDay)
        return DateTime(
            secondsSinceEpoch: TimeZones.utcSeconds(fromLocal: local, zone: zone, preferredOffset: preferredOffset),
            nanoseconds: Int32(nanosecondOfDay % nanosecondsPerSecond),
            zone: zone
        )
    }

    /// Moves a time of day from one UTC offset to another, wrapping around midnight.
    static func shift(nanosecondOfDay: Int64, from oldOffset: Int32, to newOffset: Int32) -> Int64 {
        let shifted = nanosecondOfDay + Int64(newOffset - oldOffset) * nanosecondsPerSecond
        let wrapped = shifted % nanosecondsPerDay
        return wrapped < 0 ? wrapped + nanosecondsPerDay : wrapped
    }
}
