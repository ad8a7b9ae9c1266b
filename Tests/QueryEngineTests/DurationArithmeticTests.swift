import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct DurationArithmeticTests {
    typealias Fixture = TemporalFixture

    static let first: [String: Value] = [
        "years": 12, "months": 5, "days": 14, "hours": 16, "minutes": 12, "seconds": 70, "nanoseconds": 2,
    ]
    static let second: [String: Value] = ["months": 1, "days": -14, "hours": 16, "minutes": -12, "seconds": 70]
    static let fractional: [String: Value] = [
        "years": 12.5, "months": 5.5, "days": 14.5, "hours": 16.5, "minutes": 12.5, "seconds": 70.5, "nanoseconds": 3,
    ]

    private func sumAndDifference(_ temporal: Value, _ map: [String: Value]) throws -> (String, String) {
        let duration = Value.duration(try DurationConstruction.duration(fromMap: map))
        let sum = try Arithmetic.add(temporal, duration)
        let difference = try Arithmetic.subtract(temporal, duration)
        return (Fixture.text(sum), Fixture.text(difference))
    }

    /// Each temporal type with the three durations above, and the sums and differences Neo4j gives.
    static let temporalCases: [(Value, [String: Value], String, String)] = [
        (Fixture.date(1984, 10, 11), first, "1997-03-25", "1972-04-27"),
        (Fixture.date(1984, 10, 11), second, "1984-10-28", "1984-09-25"),
        (Fixture.date(1984, 10, 11), fractional, "1997-10-11", "1971-10-12"),
        (Fixture.localTime(12, 31, 14, 1), first, "04:44:24.000000003", "20:18:03.999999999"),
        (Fixture.localTime(12, 31, 14, 1), second, "04:20:24.000000001", "20:42:04.000000001"),
        (Fixture.localTime(12, 31, 14, 1), fractional, "22:29:27.500000004", "02:33:00.499999998"),
        (Fixture.time(12, 31, 14, 1, offset: 3600), first, "04:44:24.000000003+01:00", "20:18:03.999999999+01:00"),
        (Fixture.time(12, 31, 14, 1, offset: 3600), second, "04:20:24.000000001+01:00", "20:42:04.000000001+01:00"),
        (Fixture.time(12, 31, 14, 1, offset: 3600), fractional, "22:29:27.500000004+01:00", "02:33:00.499999998+01:00"),
        (
            Fixture.localDateTime(1984, 10, 11, 12, 31, 14, 1), first, "1997-03-26T04:44:24.000000003",
            "1972-04-26T20:18:03.999999999"
        ),
        (
            Fixture.localDateTime(1984, 10, 11, 12, 31, 14, 1), second, "1984-10-29T04:20:24.000000001",
            "1984-09-24T20:42:04.000000001"
        ),
        (
            Fixture.localDateTime(1984, 10, 11, 12, 31, 14, 1), fractional, "1997-10-11T22:29:27.500000004",
            "1971-10-12T02:33:00.499999998"
        ),
        (
            Fixture.dateTime(1984, 10, 11, 12, 31, 14, 1, offset: 3600), first, "1997-03-26T04:44:24.000000003+01:00",
            "1972-04-26T20:18:03.999999999+01:00"
        ),
        (
            Fixture.dateTime(1984, 10, 11, 12, 31, 14, 1, offset: 3600), second, "1984-10-29T04:20:24.000000001+01:00",
            "1984-09-24T20:42:04.000000001+01:00"
        ),
        (
            Fixture.dateTime(1984, 10, 11, 12, 31, 14, 1, offset: 3600), fractional,
            "1997-10-11T22:29:27.500000004+01:00", "1971-10-12T02:33:00.499999998+01:00"
        ),
    ]

    @Test(arguments: temporalCases)
    func temporalPlusAndMinusDuration(temporal: Value, map: [String: Value], sum: String, difference: String) throws {
        let (actualSum, actualDifference) = try sumAndDifference(temporal, map)
        #expect(actualSum == sum)
        #expect(actualDifference == difference)
    }

    @Test func durationOnTheLeftAddsToo() throws {
        let sum = try Arithmetic.add(try Fixture.duration("P1D"), Fixture.date(2020, 2, 28))
        #expect(Fixture.text(sum) == "2020-02-29")
        let error = try #require(throws: ServerError.self) {
            try Arithmetic.subtract(try Fixture.duration("P1D"), Fixture.date(2020, 2, 28))
        }
        #expect(error.status == .typeError)
    }

    @Test func monthAdditionClampsTheDay() throws {
        let cases: [(Value, String, Value)] = [
            (Fixture.date(2020, 1, 31), "P1M", Fixture.date(2020, 2, 29)),
            (Fixture.date(2021, 1, 31), "P1M", Fixture.date(2021, 2, 28)),
            (Fixture.date(2020, 3, 31), "-P1M", Fixture.date(2020, 2, 29)),
            (Fixture.date(2020, 2, 29), "P1Y", Fixture.date(2021, 2, 28)),
            (Fixture.date(2020, 1, 31), "P1M1D", Fixture.date(2020, 3, 1)),
            (Fixture.localDateTime(2020, 5, 31, 23, 59, 59), "P1MT1S", Fixture.localDateTime(2020, 7, 1)),
            (Fixture.dateTime(2020, 1, 31, 23, offset: -3600), "P1M", Fixture.dateTime(2020, 2, 29, 23, offset: -3600)),
        ]
        for (temporal, duration, expected) in cases {
            let result = try Arithmetic.add(temporal, try Fixture.duration(duration))
            #expect(result == expected, "\(Fixture.text(temporal)) + \(duration)")
        }
    }

    @Test func datesUseOnlyWholeDaysOfTheSeconds() throws {
        let start = Fixture.date(2020, 1, 1)
        #expect(try Arithmetic.add(start, try Fixture.duration("PT47H59M")) == Fixture.date(2020, 1, 2))
        #expect(try Arithmetic.add(start, try Fixture.duration("PT-47H")) == Fixture.date(2019, 12, 31))
        #expect(try Arithmetic.subtract(start, try Fixture.duration("PT48H")) == Fixture.date(2019, 12, 30))
        #expect(try Arithmetic.add(start, try Fixture.duration("PT0.999999999S")) == start)
    }

    @Test func timesIgnoreMonthsAndDaysAndWrap() throws {
        let result = try Arithmetic.add(Fixture.localTime(23, 0), try Fixture.duration("P1Y2M3DT2H"))
        #expect(result == Fixture.localTime(1, 0))
        let later = try Arithmetic.subtract(Fixture.time(0, 30, offset: 7200), try Fixture.duration("PT-25H"))
        #expect(later == Fixture.time(1, 30, offset: 7200))
        let earlier = try Arithmetic.subtract(Fixture.localTime(0, 0), try Fixture.duration("PT0.000000001S"))
        #expect(earlier == Fixture.localTime(23, 59, 59, 999_999_999))
    }

    @Test func namedZoneKeepsItsZone() throws {
        let start = Value.dateTime(
            DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .identifier("Europe/Stockholm"))
        )
        let result = try Arithmetic.add(start, try Fixture.duration("P1M1DT1H"))
        guard case .dateTime(let dateTime) = result else {
            Issue.record("expected a DateTime, got \(result)")
            return
        }
        #expect(dateTime.zone == .identifier("Europe/Stockholm"))
        #expect(dateTime.secondsSinceEpoch == (31 + 1) * 86_400 + 3600)
    }

    @Test func resultOutsideSupportedYearsIsArithmeticError() throws {
        let huge = Value.duration(CypherDuration(months: .max, days: 0, seconds: 0, nanoseconds: 0))
        let cases: [(Value, Value)] = [
            (Fixture.date(2020, 1, 1), huge),
            (Fixture.date(2020, 1, 1), .duration(CypherDuration(months: 0, days: .min, seconds: 0, nanoseconds: 0))),
            (
                Fixture.localDateTime(2020, 1, 1),
                .duration(CypherDuration(months: 0, days: 0, seconds: .max, nanoseconds: 0))
            ),
            (Fixture.dateTime(2020, 1, 1, offset: 0), huge),
            (Fixture.date(999_999_999, 12, 31), try Fixture.duration("P1D")),
        ]
        for (temporal, duration) in cases {
            let error = try #require(throws: ServerError.self) { try Arithmetic.add(temporal, duration) }
            #expect(error.status == .arithmeticError)
        }
        #expect(try Arithmetic.add(Fixture.localTime(1, 0), huge) == Fixture.localTime(1, 0))
    }

    /// Pairs of the durations above with their sums and differences, as Neo4j gives them.
    static let durationCases: [([String: Value], [String: Value], String, String)] = [
        (first, first, "P24Y10M28DT32H26M20.000000004S", "PT0S"),
        (first, second, "P12Y6MT32H2M20.000000002S", "P12Y4M28DT24M0.000000002S"),
        (first, fractional, "P25Y4M43DT50H11M23.500000005S", "P-6M-15DT-17H-45M-3.500000001S"),
        (second, first, "P12Y6MT32H2M20.000000002S", "P-12Y-4M-28DT-24M-0.000000002S"),
        (second, second, "P2M-28DT31H38M20S", "PT0S"),
        (second, fractional, "P13Y15DT49H47M23.500000003S", "P-12Y-10M-43DT-18H-9M-3.500000003S"),
        (fractional, first, "P25Y4M43DT50H11M23.500000005S", "P6M15DT17H45M3.500000001S"),
        (fractional, second, "P13Y15DT49H47M23.500000003S", "P12Y10M43DT18H9M3.500000003S"),
        (fractional, fractional, "P25Y10M58DT67H56M27.000000006S", "PT0S"),
    ]

    @Test(arguments: durationCases)
    func durationPlusAndMinusDuration(lhs: [String: Value], rhs: [String: Value], sum: String, difference: String)
        throws
    {
        let a = Value.duration(try DurationConstruction.duration(fromMap: lhs))
        let b = Value.duration(try DurationConstruction.duration(fromMap: rhs))
        #expect(Fixture.text(try Arithmetic.add(a, b)) == sum)
        #expect(Fixture.text(try Arithmetic.subtract(a, b)) == difference)
    }

    @Test func multiplyAndDivideByNumbers() throws {
        let duration = try Fixture.duration("P12Y5M14DT16H13M10.000000001S")
        let cases: [(Value, String, String)] = [
            (1, "P12Y5M14DT16H13M10.000000001S", "P12Y5M14DT16H13M10.000000001S"),
            (2, "P24Y10M28DT32H26M20.000000002S", "P6Y2M22DT13H21M8S"),
            (0.5, "P6Y2M22DT13H21M8S", "P24Y10M28DT32H26M20.000000002S"),
            (-1, "P-12Y-5M-14DT-16H-13M-10.000000001S", "P-12Y-5M-14DT-16H-13M-10.000000001S"),
        ]
        for (number, product, quotient) in cases {
            #expect(Fixture.text(try Arithmetic.multiply(duration, number)) == product, "* \(number)")
            #expect(Fixture.text(try Arithmetic.multiply(number, duration)) == product, "\(number) *")
            #expect(Fixture.text(try Arithmetic.divide(duration, number)) == quotient, "/ \(number)")
        }
    }

    @Test func divisionByZeroAndOverflowAreArithmeticErrors() throws {
        let duration = try Fixture.duration("P1D")
        #expect(throws: Arithmetic.divisionByZero) { try Arithmetic.divide(duration, 0) }
        #expect(throws: Arithmetic.divisionByZero) { try Arithmetic.divide(duration, 0.0) }
        let large = Value.duration(CypherDuration(months: .max, days: 0, seconds: 0, nanoseconds: 0))
        let cases: [() throws -> Value] = [
            { try Arithmetic.multiply(large, 2) },
            { try Arithmetic.multiply(large, 2.0) },
            { try Arithmetic.divide(large, 0.5) },
            { try Arithmetic.add(large, large) },
            { try Arithmetic.negate(.duration(CypherDuration(months: .min, days: 0, seconds: 0, nanoseconds: 0))) },
        ]
        for operation in cases {
            let error = try #require(throws: ServerError.self) { try operation() }
            #expect(error.status == .arithmeticError)
        }
    }

    @Test func negationAndNulls() throws {
        #expect(Fixture.text(try Arithmetic.negate(try Fixture.duration("P1DT-0.001S"))) == "P-1DT0.001S")
        let duration = try Fixture.duration("P1D")
        #expect(try Arithmetic.add(duration, .null) == .null)
        #expect(try Arithmetic.subtract(.null, duration) == .null)
        #expect(try Arithmetic.multiply(duration, .null) == .null)
        #expect(try Arithmetic.divide(duration, .null) == .null)
    }

    @Test func unsupportedOperandsAreTypeErrors() throws {
        let duration = try Fixture.duration("P1D")
        let cases: [() throws -> Value] = [
            { try Arithmetic.multiply(duration, duration) },
            { try Arithmetic.divide(2, duration) },
            { try Arithmetic.add(duration, 1) },
            { try Arithmetic.subtract(Fixture.date(2020, 1, 1), Fixture.date(2020, 1, 1)) },
            { try Arithmetic.multiply(Fixture.date(2020, 1, 1), 2) },
        ]
        for operation in cases {
            let error = try #require(throws: ServerError.self) { try operation() }
            #expect(error.status == .typeError)
        }
        #expect(try Arithmetic.add("d: ", duration) == "d: P1D")
    }
}
