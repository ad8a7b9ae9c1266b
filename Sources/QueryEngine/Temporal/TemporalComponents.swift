import GraphValue
import Host

/// The components that property syntax reads from dates, times and date times, such as
/// `d.year`, `t.millisecond` or `dt.offsetMinutes`. Component names ignore case.
enum TemporalComponents {
    /// Returns the component `key` of a date, time or date time; nil for other values.
    ///
    /// - Throws: `ArgumentError` for a name that is not a component of the value's type.
    static func component(_ key: String, of value: Value) throws(ServerError) -> Value? {
        guard let parts = try TemporalParts(value) else { return nil }
        let name = key.lowercased()
        if let days = parts.days, let component = dateComponent(name, days: days) { return .integer(component) }
        if let nanoseconds = parts.nanosecondOfDay, let component = timeComponent(name, nanoseconds: nanoseconds) {
            return .integer(component)
        }
        if let zone = parts.zone, let offset = parts.offsetSeconds, let component = zoneComponent(name, zone, offset) {
            return component
        }
        if case .dateTime(let dateTime) = value {
            switch name {
            case "epochseconds":
                return .integer(dateTime.secondsSinceEpoch)
            case "epochmillis":
                let (milliseconds, overflow) = dateTime.secondsSinceEpoch.multipliedReportingOverflow(by: 1000)
                guard !overflow else {
                    throw ServerError(
                        .argumentError,
                        "epochMillis of \(ValueText.literal(value)) does not fit in an Integer"
                    )
                }
                return .integer(milliseconds + Int64(dateTime.nanoseconds) / 1_000_000)
            default:
                break
            }
        }
        throw ServerError(.argumentError, "A \(value.typeName) value has no component `\(key)`")
    }

    private static func dateComponent(_ name: String, days: Int64) -> Int64? {
        switch name {
        case "year": CivilCalendar.civil(fromDays: days).year
        case "quarter": CivilCalendar.quarter(days: days).quarter
        case "month": CivilCalendar.civil(fromDays: days).month
        case "week": CivilCalendar.isoWeek(days: days).week
        case "weekyear": CivilCalendar.isoWeek(days: days).weekYear
        case "day": CivilCalendar.civil(fromDays: days).day
        case "ordinalday": CivilCalendar.dayOfYear(days: days)
        case "weekday", "dayofweek": CivilCalendar.dayOfWeek(days: days)
        case "dayofquarter": CivilCalendar.quarter(days: days).dayOfQuarter
        default: nil
        }
    }

    private static func timeComponent(_ name: String, nanoseconds: Int64) -> Int64? {
        let fraction = nanoseconds % TemporalParts.nanosecondsPerSecond
        return switch name {
        case "hour": nanoseconds / 3_600_000_000_000
        case "minute": nanoseconds / 60_000_000_000 % 60
        case "second": nanoseconds / TemporalParts.nanosecondsPerSecond % 60
        case "millisecond": fraction / 1_000_000
        case "microsecond": fraction / 1000
        case "nanosecond": fraction
        default: nil
        }
    }

    private static func zoneComponent(_ name: String, _ zone: DateTime.Zone, _ offset: Int32) -> Value? {
        switch name {
        case "timezone":
            if case .identifier(let identifier) = zone { return .string(identifier) }
            return .string(TimeZones.offsetText(offset))
        case "offset": return .string(TimeZones.offsetText(offset))
        case "offsetminutes": return .integer(Int64(offset / 60))
        case "offsetseconds": return .integer(Int64(offset))
        default: return nil
        }
    }
}
