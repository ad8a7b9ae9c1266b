import GraphValue

/// Text forms of values: `toString` output, and Cypher literals for error messages.
enum ValueText {
    /// The text `toString` and string concatenation produce for a scalar.
    static func string(_ value: Value) -> String {
        switch value {
        case .string(let s): s
        case .integer(let i): String(i)
        case .float(let d): float(d)
        case .boolean(let b): b ? "true" : "false"
        default: literal(value)
        }
    }

    /// Formats a float as the JVM does (`1.0`, `1.0E20`, `NaN`, `Infinity`), as Neo4j prints it.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        let magnitude = abs(d)
        if magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7) {
            let text = "\(d)"
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        }
        // Swift prints 1e+20 or 1.5e-05; the JVM prints 1.0E20 and 1.5E-5.
        let parts = "\(d)".split(separator: "e", maxSplits: 1)
        guard parts.count == 2, let exponent = Int(parts[1]) else { return "\(d)" }
        var mantissa = String(parts[0])
        if !mantissa.contains(".") { mantissa += ".0" }
        return "\(mantissa)E\(exponent)"
    }

    /// How deeply ``literal(_:depth:)`` renders nested lists and maps before writing `...`.
    static let literalDepth = 16

    /// A Cypher-literal rendering, used in error messages and for non-scalar `toString` input.
    ///
    /// Lists and maps nested more than ``literalDepth`` levels deep render as `[...]` and `{...}`,
    /// so that the recursion stays shallow.
    static func literal(_ value: Value, depth: Int = 0) -> String {
        switch value {
        case .list where depth >= literalDepth: return "[...]"
        case .map where depth >= literalDepth: return "{...}"
        case .null: return "NO_VALUE"
        case .string(let s): return "\"\(s)\""
        case .integer, .float, .boolean: return string(value)
        case .bytes(let bytes): return "bytes[\(bytes.count)]"
        case .list(let items): return "[" + items.map { literal($0, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .map(let entries):
            let body = entries.keys.sorted().map { "\($0): \(literal(entries[$0] ?? .null, depth: depth + 1))" }
            return "{" + body.joined(separator: ", ") + "}"
        case .node(let node): return "(\(node.id))"
        case .relationship(let r): return "[\(r.id)]"
        case .path(let path): return "path(\(path.nodes.count) nodes)"
        case .date(let date): return TemporalText.date(date)
        case .localTime(let time): return TemporalText.time(time.nanosecondsSinceMidnight)
        case .time(let time):
            return TemporalText.time(time.nanosecondsSinceMidnight) + TemporalText.offset(time.offsetSeconds)
        case .localDateTime(let dateTime):
            return TemporalText.dateTime(dateTime.secondsSinceEpoch, dateTime.nanoseconds)
        case .dateTime(let dateTime):
            return TemporalText.dateTime(dateTime)
        case .duration(let d):
            return DurationText.string(d)
        case .point(let p):
            let z = p.z.map { ", z: \(float($0))" } ?? ""
            return "point({srid: \(p.srid), x: \(float(p.x)), y: \(float(p.y))\(z)})"
        }
    }
}

/// ISO 8601 text for the temporal values, in the shape Neo4j's `toString` gives (that of
/// `java.time`): minutes always, seconds only when not zero, and fractions in groups of three digits.
enum TemporalText {
    static func date(_ date: CalendarDate) -> String {
        // Parameters can carry day counts far outside the calendar's years, where the civil
        // arithmetic would overflow, so those print as a plain count.
        guard TemporalParts.supportedDays.contains(date.daysSinceEpoch) else {
            return "\(date.daysSinceEpoch) days since 1970-01-01"
        }
        let (year, month, day) = civil(fromDays: date.daysSinceEpoch)
        return "\(yearText(year))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Four digits for years 0000 to 9999; otherwise a sign and at least four digits, as
    /// `java.time.LocalDate` writes them (`+10000`, `-0001`).
    static func yearText(_ year: Int64) -> String {
        if year >= 0 && year <= 9999 { return pad(year, 4) }
        return (year < 0 ? "-" : "+") + pad(Int64(year.magnitude), 4)
    }

    static func time(_ nanoseconds: Int64) -> String {
        let seconds = nanoseconds / 1_000_000_000
        let fraction = nanoseconds % 1_000_000_000
        var text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2))"
        guard seconds % 60 != 0 || fraction != 0 else { return text }
        text += ":" + pad(seconds % 60, 2)
        if fraction % 1_000_000 == 0 && fraction != 0 {
            text += "." + pad(fraction / 1_000_000, 3)
        } else if fraction % 1000 == 0 && fraction != 0 {
            text += "." + pad(fraction / 1000, 6)
        } else if fraction != 0 {
            text += "." + pad(fraction, 9)
        }
        return text
    }

    static func offset(_ seconds: Int32) -> String {
        TimeZones.offsetText(seconds)
    }

    static func dateTime(_ seconds: Int64, _ nanoseconds: Int32) -> String {
        let (days, secondOfDay) = TemporalParts.splitDays(seconds: seconds)
        return date(CalendarDate(daysSinceEpoch: days)) + "T"
            + time(secondOfDay * 1_000_000_000 + Int64(nanoseconds))
    }

    /// The local date and time with the offset, and a named zone's name in brackets:
    /// `2017-08-08T12:31:14.645876123+02:00[Europe/Stockholm]`.
    static func dateTime(_ value: DateTime) -> String {
        let offset = TimeZones.offset(of: value.zone, atUTCSeconds: value.secondsSinceEpoch)
        // Wrapping addition, so a value at the edge of the range cannot trap the server.
        let local = dateTime(value.secondsSinceEpoch &+ Int64(offset), value.nanoseconds) + self.offset(offset)
        if case .identifier(let zone) = value.zone { return local + "[\(zone)]" }
        return local
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let date = CivilCalendar.civil(fromDays: days)
        return (date.year, date.month, date.day)
    }

    private static func pad(_ number: Int64, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
