import Foundation
import GraphValue
import Host

/// The temporal constructor functions: `date`, `localtime`, `time`, `localdatetime` and
/// `datetime`, each with `.transaction`, `.statement`, `.realtime` and `.truncate` forms, and
/// `datetime.fromepoch` and `datetime.fromepochmillis`.
enum TemporalFunctions {
    static let definitions: [FunctionDefinition] =
        TemporalKind.allCases.flatMap(definitions(for:)) + [
            FunctionDefinition("datetime.fromepoch", arity: 2) { arguments, _ in
                if arguments.contains(where: \.isNull) { return .null }
                let seconds = try Arguments.integer(arguments[0], "datetime.fromepoch")
                let nanoseconds = try Arguments.integer(arguments[1], "datetime.fromepoch")
                return try epoch(seconds: seconds, nanoseconds: nanoseconds)
            },
            FunctionDefinition("datetime.fromepochmillis", arity: 1) { arguments, _ in
                if arguments[0].isNull { return .null }
                let milliseconds = try Arguments.integer(arguments[0], "datetime.fromepochmillis")
                let (seconds, remainder) = floorDivision(milliseconds, 1000)
                return try epoch(seconds: seconds, nanoseconds: remainder * 1_000_000)
            },
        ]

    private static func definitions(for kind: TemporalKind) -> [FunctionDefinition] {
        let name = kind.rawValue
        return [
            FunctionDefinition(name, arity: 0...1) { arguments, resolver in
                try construct(kind, arguments.first, resolver: resolver)
            },
            FunctionDefinition(name + ".statement", arity: 0...1) { arguments, resolver in
                try current(
                    kind,
                    arguments.first,
                    nanoseconds: statementNanoseconds(resolver),
                    function: name + ".statement"
                )
            },
            // NOTE: The transaction clock is the statement clock: statements do not record when
            // their transaction started, so within an explicit transaction it moves per statement.
            FunctionDefinition(name + ".transaction", arity: 0...1) { arguments, resolver in
                try current(
                    kind,
                    arguments.first,
                    nanoseconds: statementNanoseconds(resolver),
                    function: name + ".transaction"
                )
            },
            FunctionDefinition(name + ".realtime", arity: 0...1) { arguments, _ in
                let now = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)) * 1000
                return try current(kind, arguments.first, nanoseconds: now, function: name + ".realtime")
            },
            FunctionDefinition(name + ".truncate", arity: 2...3) { arguments, resolver in
                try TemporalTruncation.truncate(
                    kind,
                    unit: arguments[0],
                    arguments[1],
                    fields: arguments.count > 2 ? arguments[2] : .map([:]),
                    referenceSeconds: resolver.statementTimestamp / 1000
                )
            },
        ]
    }

    /// `date(x)` and the other constructors: the current time without an argument or with only a
    /// `timezone`, otherwise a value built from a map, parsed from a string or converted from
    /// another temporal value.
    private static func construct(_ kind: TemporalKind, _ argument: Value?, resolver: any EntityResolver)
        throws(ServerError) -> Value
    {
        let referenceSeconds = floorDivide(resolver.statementTimestamp, 1000)
        switch argument {
        case nil:
            return try current(kind, nil, nanoseconds: statementNanoseconds(resolver), function: kind.rawValue)
        case .null?:
            return .null
        case .string(let text)?:
            return try TemporalParsing.parse(kind, text, referenceSeconds: referenceSeconds)
        case .map(let entries)? where entries.keys.allSatisfy({ $0.lowercased() == "timezone" }):
            return try current(kind, argument, nanoseconds: statementNanoseconds(resolver), function: kind.rawValue)
        case .map(let entries)?:
            return try TemporalConstruction.build(kind, from: entries, referenceSeconds: referenceSeconds)
        case let value?:
            return try kind.convert(value, referenceSeconds: referenceSeconds)
        }
    }

    /// Returns the current date or time in the zone an argument names (a zone string or a map with
    /// `timezone`), or in the default zone. `nanoseconds` counts from the epoch in UTC.
    private static func current(_ kind: TemporalKind, _ argument: Value?, nanoseconds: Int64, function: String)
        throws(ServerError) -> Value
    {
        var zone = TimeZones.defaultZone
        switch argument {
        case nil:
            break
        case .null?:
            return .null
        case .string(let text)?:
            zone = try TimeZones.zone(text)
        case .map(let entries)?:
            if let text = entries.first(where: { $0.key.lowercased() == "timezone" })?.value, !text.isNull {
                zone = try TimeZones.zone(Arguments.string(text, function))
            }
        case let value?:
            throw Arguments.mismatch(function, expected: "String or Map", got: value)
        }
        let (seconds, fraction) = floorDivision(nanoseconds, TemporalParts.nanosecondsPerSecond)
        let now = DateTime(secondsSinceEpoch: seconds, nanoseconds: Int32(fraction), zone: zone)
        return try kind.convert(.dateTime(now), referenceSeconds: seconds)
    }

    private static func epoch(seconds: Int64, nanoseconds: Int64) throws(ServerError) -> Value {
        let (carry, fraction) = floorDivision(nanoseconds, TemporalParts.nanosecondsPerSecond)
        let (total, overflow) = seconds.addingReportingOverflow(carry)
        try TemporalParts.checkInstant(seconds: overflow ? Int64.max : total)
        return .dateTime(DateTime(secondsSinceEpoch: total, nanoseconds: Int32(fraction), zone: TimeZones.defaultZone))
    }

    private static func statementNanoseconds(_ resolver: any EntityResolver) -> Int64 {
        resolver.statementTimestamp * 1_000_000
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        floorDivision(value, divisor).quotient
    }

    /// Divides rounding towards negative infinity, so the remainder is from 0 to `divisor - 1`
    /// for a positive divisor; unlike `value - quotient * divisor`, it cannot overflow.
    static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        guard remainder < 0 else { return (value / divisor, remainder) }
        return (value / divisor - 1, remainder + divisor)
    }
}
