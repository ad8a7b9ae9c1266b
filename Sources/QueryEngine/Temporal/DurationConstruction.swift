import GraphValue
import Host

/// Builds durations the way Neo4j stores them: months, days and seconds kept apart, with the
/// nanoseconds in `0..<1_000_000_000` and the sign of a fraction of a second carried by the seconds.
enum DurationMath {
    static let nanosecondsPerSecond: Int128 = 1_000_000_000
    static let secondsPerDay: Int128 = 86_400
    static let nanosecondsPerDay: Int128 = 86_400_000_000_000

    /// Neo4j's average month: a Gregorian year of 365.2425 days divided by 12 (30.436875 days).
    /// Computed by the same floating-point division as Neo4j, so fractional cascades round alike.
    static let averageDaysPerMonth = 365.2425 / 12

    static func overflow(_ what: String) -> ServerError {
        ServerError(.arithmeticError, "The duration overflows: \(what) is out of the range of a 64-bit integer")
    }

    /// Returns the duration with these parts, carrying whole seconds out of `nanoseconds`.
    /// Raises an ArithmeticError when a part does not fit in 64 bits.
    static func make(months: Int128, days: Int128, seconds: Int128, nanoseconds: Int128) throws(ServerError)
        -> CypherDuration
    {
        let (carry, nanosecondOfSecond) = floorDivide(nanoseconds, nanosecondsPerSecond)
        let totalSeconds = seconds + carry
        guard let months = Int64(exactly: months) else { throw overflow("months \(months)") }
        guard let days = Int64(exactly: days) else { throw overflow("days \(days)") }
        guard let seconds = Int64(exactly: totalSeconds) else { throw overflow("seconds \(totalSeconds)") }
        return CypherDuration(months: months, days: days, seconds: seconds, nanoseconds: Int32(nanosecondOfSecond))
    }

    /// Spreads fractional parts down to the next smaller unit, as Neo4j does for `duration({months: 0.75})`
    /// and for multiplying or dividing a duration by a number. A fraction of a month becomes
    /// ``averageDaysPerMonth`` days, a fraction of a day 86,400 seconds, and a fraction of a second
    /// nanoseconds. Each step truncates toward zero. Raises an ArithmeticError when a part does not fit in 64 bits.
    static func approximate(months: Double, days: Double, seconds: Double, nanoseconds: Double) throws(ServerError)
        -> CypherDuration
    {
        let wholeMonths = try truncate(months, "months")
        let allDays = days + averageDaysPerMonth * (months - Double(wholeMonths))
        let wholeDays = try truncate(allDays, "days")
        let allSeconds = seconds + 86_400 * (allDays - Double(wholeDays))
        let wholeSeconds = try truncate(allSeconds, "seconds")
        let allNanoseconds = nanoseconds + 1_000_000_000 * (allSeconds - Double(wholeSeconds))
        let wholeNanoseconds = try truncate(allNanoseconds, "nanoseconds")
        return try make(
            months: Int128(wholeMonths),
            days: Int128(wholeDays),
            seconds: Int128(wholeSeconds),
            nanoseconds: Int128(wholeNanoseconds)
        )
    }

    private static func truncate(_ value: Double, _ unit: String) throws(ServerError) -> Int64 {
        // 2^63 is exactly representable; every double below it in magnitude converts without trapping.
        guard value.isFinite, value > -9.223_372_036_854_775_808e18, value < 9.223_372_036_854_775_808e18 else {
            throw overflow("\(unit) \(ValueText.float(value))")
        }
        return Int64(value.rounded(.towardZero))
    }

    /// Returns the quotient rounded toward negative infinity and the non-negative remainder.
    static func floorDivide(_ value: Int128, _ divisor: Int128) -> (quotient: Int128, remainder: Int128) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}

extension CypherDuration {
    /// The same amount with the nanoseconds in `0..<1_000_000_000`. Durations from Bolt clients may
    /// carry negative or oversized nanoseconds; the value is returned unchanged when the carry overflows.
    var normalized: CypherDuration {
        if nanoseconds >= 0 && nanoseconds < 1_000_000_000 { return self }
        return
            (try? DurationMath.make(
                months: Int128(months),
                days: Int128(days),
                seconds: Int128(seconds),
                nanoseconds: Int128(nanoseconds)
            )) ?? self
    }
}

/// `duration(map)` and `duration(string)`.
enum DurationConstruction {
    /// The map keys `duration()` accepts, in the order Neo4j combines them.
    static let units = [
        "years", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds",
        "nanoseconds",
    ]

    /// Returns the duration a map or an ISO 8601 string describes; null gives null.
    static func duration(from argument: Value) throws(ServerError) -> Value {
        switch argument {
        case .null:
            return .null
        case .string(let text):
            return .duration(try DurationParsing.parse(text))
        case .map(let entries):
            return .duration(try duration(fromMap: entries))
        case .duration(let duration):
            return .duration(duration.normalized)
        default:
            throw Arguments.mismatch("duration", expected: "String or Map", got: argument)
        }
    }

    /// Builds a duration from unit amounts such as `{days: 14, hours: 16}`. Keys ignore case, a null
    /// amount counts as absent, and any amount may be fractional.
    static func duration(fromMap entries: [String: Value]) throws(ServerError) -> CypherDuration {
        var amounts: [String: Value] = [:]
        for (key, value) in entries {
            let unit = key.lowercased()
            guard units.contains(unit) else {
                throw ServerError(
                    .argumentError,
                    "No such field: \(key). A duration map takes \(units.joined(separator: ", "))."
                )
            }
            switch value {
            case .null: continue
            case .integer, .float: amounts[unit] = value
            default:
                throw ServerError(
                    .typeError,
                    "The duration field \(key) must be a number, but was \(value.typeName): \(ValueText.literal(value))"
                )
            }
        }
        guard !amounts.isEmpty else {
            throw ServerError(.argumentError, "At least one temporal unit must be specified in a duration map.")
        }
        let allIntegers = amounts.values.allSatisfy { if case .integer = $0 { true } else { false } }
        if allIntegers {
            func amount(_ unit: String) -> Int128 {
                if case .integer(let value)? = amounts[unit] { return Int128(value) }
                return 0
            }
            return try DurationMath.make(
                months: amount("years") * 12 + amount("months"),
                days: amount("weeks") * 7 + amount("days"),
                seconds: amount("hours") * 3600 + amount("minutes") * 60 + amount("seconds"),
                nanoseconds: amount("milliseconds") * 1_000_000 + amount("microseconds") * 1000
                    + amount("nanoseconds")
            )
        }
        func amount(_ unit: String) -> Double { amounts[unit]?.doubleValue ?? 0 }
        return try DurationMath.approximate(
            months: amount("years") * 12 + amount("months"),
            days: amount("weeks") * 7 + amount("days"),
            seconds: amount("hours") * 3600 + amount("minutes") * 60 + amount("seconds"),
            nanoseconds: amount("milliseconds") * 1_000_000 + amount("microseconds") * 1000 + amount("nanoseconds")
        )
    }
}
