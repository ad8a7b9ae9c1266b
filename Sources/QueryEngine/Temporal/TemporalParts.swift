import GraphValue

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

    /// Splits a temporal value into its parts; returns nil for durations and non-temporal values.
    init?(_ value: Value) {
        switch value {
        case .date(let date):
            self.init(days: date.daysSinceEpoch, nanosecondOfDay: nil)
        case .localTime(let time):
            self.init(days: nil, nanosecondOfDay: time.nanosecondsSinceMidnight)
        case .time(let time):
            self.init(
                days: nil,
                nanosecondOfDay: time.nanosecondsSinceMidnight,
                zone: .offset(seconds: time.offsetSeconds),
                offsetSeconds: time.offsetSeconds
            )
        case .localDateTime(let dateTime):
            let (days, second) = CivilCalendar.splitDays(seconds: dateTime.secondsSinceEpoch)
            self.init(days: days, nanosecondOfDay: second * Self.nanosecondsPerSecond + Int64(dateTime.nanoseconds))
        case .dateTime(let dateTime):
            let offset = TimeZones.offset(of: dateTime.zone, atUTCSeconds: dateTime.secondsSinceEpoch)
            let (days, second) = CivilCalendar.splitDays(seconds: dateTime.secondsSinceEpoch + Int64(offset))
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
