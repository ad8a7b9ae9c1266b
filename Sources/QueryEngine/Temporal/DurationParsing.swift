import GraphValue
import Host

/// Parses ISO 8601 durations as Neo4j's `duration(string)` accepts them, ignoring letter case.
///
/// - The unit form is `[+-]P[nY][nM][nW][nD][T[nH][nM][nS]]`. Each amount may carry its own sign, and the
///   smallest unit given may have a fraction written with `.` or `,` (`P2.5W`, `PT0.75M`). Seconds take at
///   most nine fraction digits, and `PT-1.5S` is minus one and a half seconds.
/// - The date form is `[+-]PYYYY-MM-DDThh:mm:ss.fff` or `[+-]PYYYYMMDDThhmmss.fff`. Either the date or the
///   time after `T` may be left out, and the time may stop after the hour or the minute.
///
/// The sign before `P` negates every part.
enum DurationParsing {
    static func parse(_ text: String) throws(ServerError) -> CypherDuration {
        let characters = Array(text.utf8)
        var scanner = Scanner(characters)
        let sign: Int128 = scanner.take("-") ? -1 : 1
        if sign == 1 { _ = scanner.take("+") }
        guard scanner.takeLetter("P") else { throw invalid(text) }
        let rest = scanner
        if let duration = try unitForm(&scanner, sign: sign, text: text), scanner.isAtEnd {
            return duration
        }
        scanner = rest
        if let duration = try dateForm(&scanner, sign: sign, text: text), scanner.isAtEnd {
            return duration
        }
        throw invalid(text)
    }

    static func invalid(_ text: String) -> ServerError {
        ServerError(
            .argumentError,
            "Text cannot be parsed to a Duration: \"\(text)\". Use ISO 8601, such as P1Y2M10DT2H30M or PT0.5S."
        )
    }

    // MARK: - Unit form

    /// One amount of the unit form, such as `-2.5` before `W`.
    private struct Amount {
        var whole: Int128
        /// The amount with its fraction, when it has one.
        var fractional: Double?
        /// The fraction digits of a seconds amount, scaled to nanoseconds and signed like the amount.
        var nanoseconds: Int128 = 0
    }

    /// Parses the unit form after `P`; nil when the text does not have its shape.
    private static func unitForm(_ scanner: inout Scanner, sign: Int128, text: String) throws(ServerError)
        -> CypherDuration?
    {
        var dateAmounts: [Amount?] = []
        for unit in ["Y", "M", "W", "D"] {
            dateAmounts.append(try amount(&scanner, unit: unit, secondsFraction: false, text: text))
        }
        var timeAmounts: [Amount?] = [nil, nil, nil]
        var hasTime = false
        if scanner.takeLetter("T") {
            hasTime = true
            for (index, unit) in ["H", "M", "S"].enumerated() {
                timeAmounts[index] = try amount(&scanner, unit: unit, secondsFraction: unit == "S", text: text)
            }
            if timeAmounts.allSatisfy({ $0 == nil }) { return nil }
        }
        guard hasTime || dateAmounts.contains(where: { $0 != nil }) else { return nil }

        // Only the smallest unit given may have a fraction; seconds carry theirs as nanoseconds.
        let all = dateAmounts + timeAmounts.prefix(2)
        if let fractionIndex = all.firstIndex(where: { $0?.fractional != nil }) {
            let later = all[(fractionIndex + 1)...].contains { $0 != nil } || timeAmounts[2] != nil
            if later { return nil }
        }

        func whole(_ amount: Amount?) -> Int128 { amount?.whole ?? 0 }
        func value(_ amount: Amount?) -> Double { amount.map { $0.fractional ?? Double($0.whole) } ?? 0 }
        let (years, months, weeks, days) = (dateAmounts[0], dateAmounts[1], dateAmounts[2], dateAmounts[3])
        let (hours, minutes, seconds) = (timeAmounts[0], timeAmounts[1], timeAmounts[2])

        if all.contains(where: { $0?.fractional != nil }) {
            let signValue = Double(sign)
            return try DurationMath.approximate(
                months: signValue * (value(years) * 12 + value(months)),
                days: signValue * (value(weeks) * 7 + value(days)),
                seconds: signValue * (value(hours) * 3600 + value(minutes) * 60),
                nanoseconds: 0
            )
        }
        return try DurationMath.make(
            months: sign * (whole(years) * 12 + whole(months)),
            days: sign * (whole(weeks) * 7 + whole(days)),
            seconds: sign * (whole(hours) * 3600 + whole(minutes) * 60 + whole(seconds)),
            nanoseconds: sign * (seconds?.nanoseconds ?? 0)
        )
    }

    /// Parses `[+-]digits[(.|,)digits]` followed by `unit`; nil, with the scanner unmoved, when the
    /// next characters are not such an amount.
    private static func amount(_ scanner: inout Scanner, unit: String, secondsFraction: Bool, text: String)
        throws(ServerError) -> Amount?
    {
        let start = scanner
        let negative = scanner.take("-")
        if !negative { _ = scanner.take("+") }
        let integerDigits = scanner.digits()
        guard !integerDigits.isEmpty else {
            scanner = start
            return nil
        }

        var fractionDigits: [UInt8]? = nil
        let beforeFraction = scanner
        if scanner.take(".") || scanner.take(",") {
            let digits = scanner.digits()
            if digits.isEmpty || (secondsFraction && digits.count > 9) {
                scanner = beforeFraction
            } else {
                fractionDigits = digits
            }
        }
        guard scanner.takeLetter(unit) else {
            scanner = start
            return nil
        }

        guard let magnitude = integer(integerDigits) else { throw outOfRange(text) }
        let whole = negative ? -magnitude : magnitude
        guard let fractionDigits else { return Amount(whole: whole) }
        if secondsFraction {
            var nanoseconds = integer(fractionDigits) ?? 0
            for _ in fractionDigits.count..<9 { nanoseconds *= 10 }
            // `-0.5S` is negative although its whole part is zero, so the sign comes from the text.
            return Amount(whole: whole, nanoseconds: negative ? -nanoseconds : nanoseconds)
        }
        let literal =
            (negative ? "-" : "") + String(decoding: integerDigits, as: UTF8.self) + "."
            + String(decoding: fractionDigits, as: UTF8.self)
        return Amount(whole: whole, fractional: Double(literal) ?? 0)
    }

    // MARK: - Date form

    /// Parses the date form after `P`; nil when the text does not have its shape.
    private static func dateForm(_ scanner: inout Scanner, sign: Int128, text: String) throws(ServerError)
        -> CypherDuration?
    {
        var months: Int128 = 0
        var days: Int128 = 0
        var hasDate = false
        if let year = scanner.fixedDigits(4) {
            let extended = scanner.take("-")
            guard let month = scanner.fixedDigits(2) else { return nil }
            if extended && !scanner.take("-") { return nil }
            guard let day = scanner.fixedDigits(2) else { return nil }
            if month > 12 { throw fieldOutOfRange("months", month, text) }
            if day > 31 { throw fieldOutOfRange("days", day, text) }
            months = year * 12 + month
            days = day
            hasDate = true
        }
        var seconds: Int128 = 0
        var nanoseconds: Int128 = 0
        var hasTime = false
        if scanner.takeLetter("T") {
            guard let time = try clock(&scanner, text: text) else { return nil }
            (seconds, nanoseconds) = time
            hasTime = true
        }
        guard hasDate || hasTime else { return nil }
        return try DurationMath.make(
            months: sign * months,
            days: sign * days,
            seconds: sign * seconds,
            nanoseconds: sign * nanoseconds
        )
    }

    /// Parses `hh[mm[ss[.fff]]]` or `hh:mm[:ss[.fff]]` into seconds and nanoseconds.
    private static func clock(_ scanner: inout Scanner, text: String) throws(ServerError)
        -> (seconds: Int128, nanoseconds: Int128)?
    {
        guard let hours = scanner.fixedDigits(2) else { return nil }
        var minutes: Int128 = 0
        var seconds: Int128 = 0
        var nanoseconds: Int128 = 0
        let extended = scanner.take(":")
        if let value = scanner.fixedDigits(2) {
            minutes = value
            let secondsFollow = extended ? scanner.take(":") : true
            if secondsFollow, let value = scanner.fixedDigits(2) {
                seconds = value
                let beforeFraction = scanner
                if scanner.take(".") || scanner.take(",") {
                    let digits = scanner.digits()
                    if digits.isEmpty || digits.count > 9 {
                        scanner = beforeFraction
                    } else {
                        nanoseconds = integer(digits) ?? 0
                        for _ in digits.count..<9 { nanoseconds *= 10 }
                    }
                }
            } else if extended && secondsFollow {
                return nil
            }
        } else if extended {
            return nil
        }
        if hours > 24 { throw fieldOutOfRange("hours", hours, text) }
        if minutes > 60 { throw fieldOutOfRange("minutes", minutes, text) }
        if seconds > 60 { throw fieldOutOfRange("seconds", seconds, text) }
        return (hours * 3600 + minutes * 60 + seconds, nanoseconds)
    }

    // MARK: - Helpers

    private static func fieldOutOfRange(_ field: String, _ value: Int128, _ text: String) -> ServerError {
        ServerError(.argumentError, "Invalid duration \"\(text)\": \(field) \(value) is out of range.")
    }

    private static func outOfRange(_ text: String) -> ServerError {
        ServerError(.argumentError, "Invalid duration \"\(text)\": an amount does not fit in a 64-bit integer.")
    }

    /// Returns the value of ASCII digits, or nil when it exceeds `Int64.max`.
    private static func integer(_ digits: [UInt8]) -> Int128? {
        var value: Int128 = 0
        for digit in digits {
            value = value * 10 + Int128(digit - UInt8(ascii: "0"))
            if value > Int128(Int64.max) { return nil }
        }
        return value
    }

    /// A cursor over UTF-8 bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { position == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        /// Takes an ASCII letter in either case.
        mutating func takeLetter(_ letter: String) -> Bool {
            guard position < bytes.count, let upper = letter.utf8.first else { return false }
            let byte = bytes[position]
            guard byte == upper || byte == upper + 32 else { return false }
            position += 1
            return true
        }

        mutating func digits() -> [UInt8] {
            let start = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
                position += 1
            }
            return Array(bytes[start..<position])
        }

        /// Takes exactly `count` digits when that many follow, and returns their value.
        mutating func fixedDigits(_ count: Int) -> Int128? {
            guard position + count <= bytes.count else { return nil }
            var value: Int128 = 0
            for byte in bytes[position..<(position + count)] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int128(byte - UInt8(ascii: "0"))
            }
            position += count
            return value
        }
    }
}
