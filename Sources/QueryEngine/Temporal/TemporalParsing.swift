import GraphValue
import Host

/// Parsing of the ISO 8601 text forms Neo4j accepts for the temporal types.
///
/// Dates: `2015-07-21`, `20150721`, `2015-07`, `201507`, `2015-W30-2`, `2015W302`, `2015-W30`,
/// `2015-202`, `2015202`, `2015-Q3-21`, `2015`, and signed years such as `+12015-07-21`.
/// Times: `21:40:32.142`, `214032.142`, `21:40`, `2140`, `21`, with `.` or `,` before 1 to 9
/// fraction digits. Times with a zone add `Z` or an offset (`+01`, `+0100`, `+01:00`), and date
/// times may end with a zone name in brackets: `2015-07-21T21:40+02:00[Europe/Stockholm]`.
enum TemporalParsing {
    /// Parses `text` as a value of `kind`; `referenceSeconds` (UTC) is the instant whose offset a
    /// named zone gets when a time has no date.
    static func parse(_ kind: TemporalKind, _ text: String, referenceSeconds: Int64) throws(ServerError) -> Value {
        var scanner = ByteScanner(text)
        guard var parsed = parse(kind, &scanner), scanner.isAtEnd else {
            throw ServerError(
                .argumentError,
                "Text cannot be parsed to a \(typeName(kind)): '\(text)'; expected ISO 8601 text such as '\(example(kind))'"
            )
        }
        try parsed.check()
        let days = parsed.days ?? 0
        let nanosecondOfDay = parsed.nanosecondOfDay ?? 0
        switch kind {
        case .time:
            let offset = parsed.offset ?? TimeZones.offset(of: TimeZones.defaultZone, atUTCSeconds: referenceSeconds)
            return .time(Time(nanosecondsSinceMidnight: nanosecondOfDay, offsetSeconds: offset))
        case .dateTime:
            var zone = TimeZones.defaultZone
            if let offset = parsed.offset { zone = .offset(seconds: offset) }
            if let name = parsed.zoneName { zone = try TimeZones.zone(name) }
            return .dateTime(
                TemporalParts.dateTime(
                    days: days,
                    nanosecondOfDay: nanosecondOfDay,
                    zone: zone,
                    preferredOffset: parsed.offset
                )
            )
        default:
            return kind.value(
                days: days,
                nanosecondOfDay: nanosecondOfDay,
                zone: nil,
                referenceSeconds: referenceSeconds
            )
        }
    }

    private static func example(_ kind: TemporalKind) -> String {
        switch kind {
        case .date: "2015-07-21"
        case .localTime: "21:40:32.142"
        case .time: "21:40:32.142+01:00"
        case .localDateTime: "2015-07-21T21:40:32.142"
        case .dateTime: "2015-07-21T21:40:32.142+02:00[Europe/Stockholm]"
        }
    }

    private static func typeName(_ kind: TemporalKind) -> String {
        switch kind {
        case .date: "Date"
        case .localTime: "LocalTime"
        case .time: "Time"
        case .localDateTime: "LocalDateTime"
        case .dateTime: "DateTime"
        }
    }

    /// The fields read from text, checked for range only after the whole text matched.
    private struct Parsed {
        var year: Int64 = 0
        var dateForm = DateForm.calendar(month: 1, day: 1)
        var hasDate = false
        var hour: Int64 = 0
        var minute: Int64 = 0
        var second: Int64 = 0
        var fraction: Int64 = 0
        var hasTime = false
        var offset: Int32?
        var zoneName: String?

        enum DateForm {
            case calendar(month: Int64, day: Int64)
            case week(week: Int64, dayOfWeek: Int64)
            case ordinal(day: Int64)
            case quarter(quarter: Int64, dayOfQuarter: Int64)
        }

        var days: Int64?
        var nanosecondOfDay: Int64?

        /// Checks every field's range and computes `days` and `nanosecondOfDay`.
        mutating func check() throws(ServerError) {
            if hasDate {
                var fields: [String: Int64] = ["year": year]
                switch dateForm {
                case .calendar(let month, let day): (fields["month"], fields["day"]) = (month, day)
                case .week(let week, let dayOfWeek): (fields["week"], fields["dayofweek"]) = (week, dayOfWeek)
                case .ordinal(let day): fields["ordinalday"] = day
                case .quarter(let quarter, let day): (fields["quarter"], fields["dayofquarter"]) = (quarter, day)
                }
                days = try TemporalConstruction.date(fields, base: nil)
            }
            if hasTime {
                nanosecondOfDay = try TemporalConstruction.time(
                    ["hour": hour, "minute": minute, "second": second, "nanosecond": fraction],
                    base: nil
                )
            }
        }
    }

    private static func parse(_ kind: TemporalKind, _ scanner: inout ByteScanner) -> Parsed? {
        var parsed = Parsed()
        if kind.hasDate {
            guard date(&scanner, into: &parsed) else { return nil }
            if kind == .date { return parsed }
            // A date time may leave out its time, which is then midnight.
            guard scanner.accept("T") else { return scanner.isAtEnd ? withMidnight(parsed) : nil }
        }
        guard time(&scanner, into: &parsed) else { return nil }
        if kind.hasZone {
            if scanner.accept("Z") || scanner.accept("z") {
                parsed.offset = 0
            } else if let sign = scanner.sign() {
                guard let offset = scanner.offsetBody(sign: sign) else { return nil }
                parsed.offset = offset
            }
            if kind == .dateTime, scanner.accept("[") {
                let start = scanner.position
                while let byte = scanner.current, byte != UInt8(ascii: "]") { scanner.position += 1 }
                guard scanner.position > start, scanner.accept("]") else { return nil }
                parsed.zoneName = String(decoding: scanner.bytes[start..<scanner.position - 1], as: UTF8.self)
            }
        }
        return parsed
    }

    private static func withMidnight(_ parsed: Parsed) -> Parsed {
        var result = parsed
        result.hasTime = true
        return result
    }

    /// Reads a date; returns false when the text does not have a date's shape.
    private static func date(_ scanner: inout ByteScanner, into parsed: inout Parsed) -> Bool {
        parsed.hasDate = true
        if let sign = scanner.sign() {
            let count = scanner.digitCount()
            guard count >= 1, count <= 9, let year = scanner.digits(count) else { return false }
            parsed.year = Int64(sign) * year
        } else {
            guard let year = scanner.digits(4) else { return false }
            parsed.year = year
        }
        if scanner.isAtEnd || scanner.peek("T") { return true }

        let extended = scanner.accept("-")
        if scanner.accept("W") {
            guard let week = scanner.digits(2) else { return false }
            var dayOfWeek: Int64 = 1
            if extended ? scanner.accept("-") : scanner.digitCount() == 1 {
                guard let day = scanner.digits(1) else { return false }
                dayOfWeek = day
            }
            parsed.dateForm = .week(week: week, dayOfWeek: dayOfWeek)
            return true
        }

        if scanner.accept("Q") {
            guard let quarter = scanner.digits(1) else { return false }
            var dayOfQuarter: Int64 = 1
            if extended ? scanner.accept("-") : scanner.digitCount() > 0 {
                let count = scanner.digitCount()
                guard count >= 1, count <= 2, let day = scanner.digits(count) else { return false }
                dayOfQuarter = day
            }
            parsed.dateForm = .quarter(quarter: quarter, dayOfQuarter: dayOfQuarter)
            return true
        }

        let count = scanner.digitCount()
        if count == 3 {
            guard let day = scanner.digits(3) else { return false }
            parsed.dateForm = .ordinal(day: day)
            return true
        }

        if extended {
            guard count >= 1, count <= 2, let month = scanner.digits(count) else { return false }
            var day: Int64 = 1
            if scanner.accept("-") {
                let dayCount = scanner.digitCount()
                guard dayCount >= 1, dayCount <= 2, let value = scanner.digits(dayCount) else { return false }
                day = value
            }
            parsed.dateForm = .calendar(month: month, day: day)
            return true
        }

        guard count == 2 || count == 4, let month = scanner.digits(2) else { return false }
        parsed.dateForm = .calendar(month: month, day: count == 4 ? scanner.digits(2) ?? 1 : 1)
        return true
    }

    /// Reads a time of day; returns false when the text does not have a time's shape.
    private static func time(_ scanner: inout ByteScanner, into parsed: inout Parsed) -> Bool {
        parsed.hasTime = true
        guard let hour = scanner.digits(2) else { return false }
        parsed.hour = hour
        let extended = scanner.accept(":")
        if !extended && scanner.digitCount() < 2 { return true }
        guard let minute = scanner.digits(2) else { return false }
        parsed.minute = minute
        if extended ? !scanner.accept(":") : scanner.digitCount() < 2 { return true }
        guard let second = scanner.digits(2) else { return false }
        parsed.second = second
        if scanner.accept(".") || scanner.accept(",") {
            let count = scanner.digitCount()
            guard count >= 1, count <= 9, let digits = scanner.digits(count) else { return false }
            var fraction = digits
            for _ in count..<9 { fraction *= 10 }
            parsed.fraction = fraction
        }
        return true
    }
}
