/// A calendar date, as days since 1970-01-01.
public struct CalendarDate: Sendable, Hashable {
    public var daysSinceEpoch: Int64
    public init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }
}

/// A time of day without a time zone, as nanoseconds since midnight.
public struct LocalTime: Sendable, Hashable {
    public var nanosecondsSinceMidnight: Int64
    public init(nanosecondsSinceMidnight: Int64) { self.nanosecondsSinceMidnight = nanosecondsSinceMidnight }
}

/// A time of day with a UTC offset; the nanoseconds count local time since midnight.
public struct Time: Sendable, Hashable {
    public var nanosecondsSinceMidnight: Int64
    public var offsetSeconds: Int32
    public init(nanosecondsSinceMidnight: Int64, offsetSeconds: Int32) {
        self.nanosecondsSinceMidnight = nanosecondsSinceMidnight
        self.offsetSeconds = offsetSeconds
    }
}

/// A date and time without a time zone.
public struct LocalDateTime: Sendable, Hashable {
    public var secondsSinceEpoch: Int64
    public var nanoseconds: Int32
    public init(secondsSinceEpoch: Int64, nanoseconds: Int32) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
    }
}

/// An instant with either a fixed UTC offset or a named time zone.
///
/// `secondsSinceEpoch` is always UTC, as in the Bolt 5 `DateTime` and `DateTimeZoneId` structures.
public struct DateTime: Sendable, Hashable {
    public enum Zone: Sendable, Hashable {
        case offset(seconds: Int32)
        case identifier(String)
    }

    public var secondsSinceEpoch: Int64
    public var nanoseconds: Int32
    public var zone: Zone

    public init(secondsSinceEpoch: Int64, nanoseconds: Int32, zone: Zone) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
        self.zone = zone
    }
}

/// A temporal amount in months, days, seconds and nanoseconds, kept apart as Cypher requires.
public struct CypherDuration: Sendable, Hashable {
    public var months: Int64
    public var days: Int64
    public var seconds: Int64
    public var nanoseconds: Int32

    public init(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int32) {
        self.months = months
        self.days = days
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Seconds and nanoseconds as one count of nanoseconds, wide enough that no parts overflow it.
    public var totalNanoseconds: Int128 { Int128(seconds) * 1_000_000_000 + Int128(nanoseconds) }
}

/// A spatial point in a coordinate reference system given by its SRID; `z` is nil for 2D points.
public struct Point: Sendable, Hashable {
    public var srid: Int32
    public var x: Double
    public var y: Double
    public var z: Double?

    public init(srid: Int32, x: Double, y: Double, z: Double? = nil) {
        self.srid = srid
        self.x = x
        self.y = y
        self.z = z
    }
}
