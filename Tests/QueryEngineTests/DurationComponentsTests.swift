import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct DurationComponentsTests {
    private func component(_ key: String, _ duration: CypherDuration) throws -> Value {
        try DurationComponents.component(key, of: duration)
    }

    @Test func componentsOfPositiveDuration() throws {
        let duration = try DurationConstruction.duration(fromMap: [
            "years": 1, "months": 4, "days": 10, "hours": 1, "minutes": 1, "seconds": 1, "nanoseconds": 111_111_111,
        ])
        let expected: [(String, Int64)] = [
            ("years", 1), ("quarters", 5), ("months", 16), ("weeks", 1), ("days", 10), ("hours", 1), ("minutes", 61),
            ("seconds", 3661), ("milliseconds", 3_661_111), ("microseconds", 3_661_111_111),
            ("nanoseconds", 3_661_111_111_111), ("quartersOfYear", 1), ("monthsOfQuarter", 1), ("monthsOfYear", 4),
            ("daysOfWeek", 3), ("minutesOfHour", 1), ("secondsOfMinute", 1), ("millisecondsOfSecond", 111),
            ("microsecondsOfSecond", 111_111), ("nanosecondsOfSecond", 111_111_111),
        ]
        for (key, value) in expected {
            #expect(try component(key, duration) == .integer(value), "\(key)")
        }
    }

    @Test func componentsOfNegativeDuration() throws {
        // The time part, -3661.5 seconds, is stored as -3662 seconds plus 500,000,000 nanoseconds.
        let duration = try DurationParsing.parse("-P1Y5M10DT1H1M1.5S")
        let expected: [(String, Int64)] = [
            ("years", -1), ("months", -17), ("monthsOfYear", -5), ("quartersOfYear", -1), ("monthsOfQuarter", -2),
            ("weeks", -1), ("daysOfWeek", -3), ("hours", -1), ("minutes", -61), ("minutesOfHour", -1),
            ("seconds", -3662), ("secondsOfMinute", -2), ("nanosecondsOfSecond", 500_000_000),
            ("milliseconds", -3_661_500), ("nanoseconds", -3_661_500_000_000),
        ]
        for (key, value) in expected {
            #expect(try component(key, duration) == .integer(value), "\(key)")
        }
    }

    @Test func componentsIgnoreCase() throws {
        let duration = try DurationParsing.parse("PT90M")
        #expect(try component("MINUTESOFHOUR", duration) == 30)
        #expect(try component("Hours", duration) == 1)
    }

    @Test func unknownComponentIsArgumentError() throws {
        let error = try #require(throws: ServerError.self) {
            try component("year", CypherDuration(months: 0, days: 0, seconds: 0, nanoseconds: 0))
        }
        #expect(error.status == .argumentError)
        #expect(error.message.contains("No such field: year"))
    }

    @Test func overflowingTotalIsArithmeticError() throws {
        let duration = CypherDuration(months: 0, days: 0, seconds: .max, nanoseconds: 0)
        #expect(try component("seconds", duration) == .integer(.max))
        let error = try #require(throws: ServerError.self) { try component("milliseconds", duration) }
        #expect(error.status == .arithmeticError)
    }

    @Test func propertySyntaxReadsComponents() throws {
        let value = try TemporalFixture.duration("P1Y2M")
        #expect(try PropertyAccess.property("months", of: value, resolver: SnapshotResolver()) == 14)
    }
}
