import GraphValue
import Host

/// The five temporal types that Cypher's constructor functions build, named as the functions are.
enum TemporalKind: String, CaseIterable, Sendable {
    case date
    case localTime = "localtime"
    case time
    case localDateTime = "localdatetime"
    case dateTime = "datetime"

    var hasDate: Bool { self == .date || self == .localDateTime || self == .dateTime }
    var hasTime: Bool { self != .date }
    var hasZone: Bool { self == .time || self == .dateTime }

    /// Builds a value of this kind from local parts. A zoned kind without a zone gets
    /// ``TimeZones/defaultZone``; a time with a named zone takes its offset at `referenceSeconds`.
    func value(days: Int64, nanosecondOfDay: Int64, zone: DateTime.Zone?, referenceSeconds: Int64) -> Value {
        switch self {
        case .date:
            return .date(CalendarDate(daysSinceEpoch: days))
        case .localTime:
            return .localTime(LocalTime(nanosecondsSinceMidnight: nanosecondOfDay))
        case .time:
            let offset = TimeZones.offset(of: zone ?? TimeZones.defaultZone, atUTCSeconds: referenceSeconds)
            return .time(Time(nanosecondsSinceMidnight: nanosecondOfDay, offsetSeconds: offset))
        case .localDateTime:
            return .localDateTime(TemporalParts.localDateTime(days: days, nanosecondOfDay: nanosecondOfDay))
        case .dateTime:
            return .dateTime(
                TemporalParts.dateTime(
                    days: days,
                    nanosecondOfDay: nanosecondOfDay,
                    zone: zone ?? TimeZones.defaultZone
                )
            )
        }
    }

    /// Converts another temporal value to this kind, as `date(datetime)` or `time(localtime)` do:
    /// fields the source lacks are an error, and a zoned kind keeps the source's zone.
    func convert(_ value: Value, referenceSeconds: Int64) throws(ServerError) -> Value {
        guard let parts = try TemporalParts(value) else {
            throw Arguments.mismatch(rawValue, expected: "temporal", got: value)
        }
        if hasDate && parts.days == nil || hasTime && parts.nanosecondOfDay == nil {
            throw ServerError(
                .typeError,
                "\(rawValue)() cannot be built from a \(value.typeName) value: \(ValueText.literal(value))"
            )
        }
        switch (self, value) {
        case (.dateTime, .dateTime), (.time, .time):
            return value
        case (.time, _):
            let offset =
                parts.offsetSeconds ?? TimeZones.offset(of: TimeZones.defaultZone, atUTCSeconds: referenceSeconds)
            return .time(Time(nanosecondsSinceMidnight: parts.nanosecondOfDay ?? 0, offsetSeconds: offset))
        default:
            return self.value(
                days: parts.days ?? 0,
                nanosecondOfDay: parts.nanosecondOfDay ?? 0,
                zone: parts.zone,
                referenceSeconds: referenceSeconds
            )
        }
    }
}
