import GraphValue
import Host

/// `date.truncate(unit, value[, fields])` and the same for the other temporal types.
///
/// The value is cut down to the start of the unit (`'week'` gives the Monday, `'weekYear'` the
/// first day of the ISO week-based year), converted to the requested type, and then the fields in
/// the map replace parts of it, as they do for a base value in construction. A `timezone` field
/// replaces the zone and keeps the local date and time.
enum TemporalTruncation {
    enum Unit: String, CaseIterable {
        case millennium, century, decade, year, weekYear = "weekyear", quarter, month, week, day
        case hour, minute, second, millisecond, microsecond

        /// Whether the unit is a day or longer, so that truncation clears the whole time of day.
        var isDateUnit: Bool {
            switch self {
            case .hour, .minute, .second, .millisecond, .microsecond: false
            default: true
            }
        }

        /// The unit's length in nanoseconds, for units shorter than a day.
        var nanoseconds: Int64 {
            switch self {
            case .hour: 3_600_000_000_000
            case .minute: 60_000_000_000
            case .second: 1_000_000_000
            case .millisecond: 1_000_000
            case .microsecond: 1000
            default: TemporalParts.nanosecondsPerDay
            }
        }
    }

    static func truncate(
        _ kind: TemporalKind,
        unit unitValue: Value,
        _ value: Value,
        fields fieldsValue: Value,
        referenceSeconds: Int64
    ) throws(ServerError) -> Value {
        let function = kind.rawValue + ".truncate"
        if value.isNull { return .null }
        let unitName = try Arguments.string(unitValue, function)
        guard let unit = Unit(rawValue: unitName.lowercased()) else {
            let names = Unit.allCases.map { $0 == .weekYear ? "weekYear" : $0.rawValue }.joined(separator: ", ")
            throw ServerError(.argumentError, "Unknown unit '\(unitName)' for \(function); expected one of: \(names)")
        }
        guard let parts = try TemporalParts(value) else {
            throw Arguments.mismatch(function, expected: "temporal", got: value)
        }
        if kind.hasDate && parts.days == nil || !kind.hasDate && parts.nanosecondOfDay == nil {
            throw ServerError(
                .typeError,
                "\(function) cannot truncate a \(value.typeName) value: \(ValueText.literal(value))"
            )
        }
        if kind.hasDate && !unit.isDateUnit && parts.nanosecondOfDay == nil {
            throw ServerError(.argumentError, "\(function) cannot truncate a Date to the unit '\(unitName)'")
        }
        if !kind.hasDate && unit.isDateUnit && unit != .day {
            throw ServerError(
                .argumentError,
                "\(function) cannot truncate to the unit '\(unitName)', which is longer than a day"
            )
        }
        if kind == .date && !unit.isDateUnit {
            throw ServerError(
                .argumentError,
                "\(function) cannot truncate to the unit '\(unitName)', which is shorter than a day"
            )
        }

        let days = parts.days.map { truncatedDays($0, unit) }
        let nanosecondOfDay = unit.isDateUnit ? 0 : (parts.nanosecondOfDay ?? 0) / unit.nanoseconds * unit.nanoseconds
        var (fields, zone) = try overrides(fieldsValue, kind: kind, function: function)
        addTruncatedFraction(nanosecondOfDay, unit: unit, to: &fields)

        var bases = TemporalConstruction.Bases()
        bases.days = days
        bases.nanosecondOfDay = nanosecondOfDay
        return try TemporalConstruction.build(
            kind,
            fields: fields,
            bases: bases,
            zone: zone ?? inheritedZone(parts, kind),
            referenceSeconds: referenceSeconds
        )
    }

    /// Returns the zone a truncated value keeps when the map sets none: a time keeps the offset the value
    /// had at its own instant, not the named zone's offset at another date.
    private static func inheritedZone(_ parts: TemporalParts, _ kind: TemporalKind) -> DateTime.Zone? {
        if kind == .time, let offset = parts.offsetSeconds { return .offset(seconds: offset) }
        return parts.zone
    }

    /// Returns the first day of the unit containing `days`.
    static func truncatedDays(_ days: Int64, _ unit: Unit) -> Int64 {
        let year = CivilCalendar.civil(fromDays: days).year
        func startOfYear(multipleOf step: Int64) -> Int64 {
            let first = TemporalFunctions.floorDivide(year, step) * step
            return CivilCalendar.days(year: first, month: 1, day: 1)
        }
        switch unit {
        case .millennium: return startOfYear(multipleOf: 1000)
        case .century: return startOfYear(multipleOf: 100)
        case .decade: return startOfYear(multipleOf: 10)
        case .year: return startOfYear(multipleOf: 1)
        case .weekYear: return CivilCalendar.firstDayOfWeekYear(CivilCalendar.isoWeek(days: days).weekYear)
        case .quarter: return days - CivilCalendar.quarter(days: days).dayOfQuarter + 1
        case .month: return days - CivilCalendar.civil(fromDays: days).day + 1
        case .week: return days - CivilCalendar.dayOfWeek(days: days) + 1
        default: return days
        }
    }

    /// Reads the override map into integer fields and a zone, rejecting fields the type lacks.
    private static func overrides(_ value: Value, kind: TemporalKind, function: String)
        throws(ServerError) -> ([String: Int64], DateTime.Zone?)
    {
        if value.isNull { return ([:], nil) }
        guard case .map(let entries) = value else { throw Arguments.mismatch(function, expected: "Map", got: value) }
        var allowed: Set<String> = []
        if kind.hasDate { allowed.formUnion(TemporalConstruction.dateFields) }
        if kind.hasTime { allowed.formUnion(TemporalConstruction.timeFields) }
        var fields: [String: Int64] = [:]
        var zone: DateTime.Zone?
        for (key, entry) in entries where !entry.isNull {
            let name = key.lowercased()
            if name == "timezone" && kind.hasZone {
                zone = try TimeZones.zone(Arguments.string(entry, function))
            } else if allowed.contains(name) {
                fields[name] = try Arguments.integer(entry, function)
            } else {
                throw ServerError(.argumentError, "\(function) does not accept the field `\(key)`")
            }
        }
        return (fields, zone)
    }

    /// Keeps the fraction left after truncating to milliseconds or microseconds when the map
    /// sets a smaller fraction field: `{nanosecond: 2}` after `'millisecond'` on 12:31:14.645876
    /// gives 12:31:14.645000002.
    private static func addTruncatedFraction(_ nanosecondOfDay: Int64, unit: Unit, to fields: inout [String: Int64]) {
        guard unit == .millisecond || unit == .microsecond else { return }
        guard fields["millisecond"] != nil || fields["microsecond"] != nil || fields["nanosecond"] != nil else {
            return
        }
        let fraction = nanosecondOfDay % TemporalParts.nanosecondsPerSecond
        if fields["millisecond"] == nil { fields["millisecond"] = fraction / 1_000_000 }
        if unit == .microsecond, fields["microsecond"] == nil { fields["microsecond"] = fraction / 1000 % 1000 }
    }
}
