import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct DurationBetweenTests {
    typealias Fixture = TemporalFixture

    static let date1984 = Fixture.date(1984, 10, 11)
    static let date2015 = Fixture.date(2015, 6, 24)
    static let localDateTime2015 = Fixture.localDateTime(2015, 7, 21, 21, 40, 32, 142_000_000)
    static let localDateTime2016 = Fixture.localDateTime(2016, 7, 21, 21, 45, 22, 142_000_000)
    static let dateTime2014 = Fixture.dateTime(2014, 7, 21, 21, 40, 36, 143_000_000, offset: 7200)
    static let dateTime2015 = Fixture.dateTime(2015, 7, 21, 21, 40, 32, 142_000_000, offset: 3600)
    static let localTime1430 = Fixture.localTime(14, 30)
    static let localTime1630 = Fixture.localTime(16, 30)
    static let time1430 = Fixture.time(14, 30, offset: 0)
    static let time1630 = Fixture.time(16, 30, offset: 3600)

    private func text(_ function: String, _ start: Value, _ end: Value) throws -> String {
        let definition = try FunctionRegistry.validate(name: function, argumentCount: 2)
        return Fixture.text(try definition.body([start, end], SnapshotResolver()))
    }

    /// Pairs of every temporal type with the results of `duration.between`, `inMonths`, `inDays` and
    /// `inSeconds` that Neo4j gives; nil where two times have no date to count months or days on.
    static let cases: [(Value, Value, String, String?, String?, String)] = [
        (date1984, date2015, "P30Y8M13D", "P30Y8M", "P11213D", "PT269112H"),
        (date1984, localDateTime2016, "P31Y9M10DT21H45M22.142S", "P31Y9M", "P11606D", "PT278565H45M22.142S"),
        (date1984, dateTime2015, "P30Y9M10DT21H40M32.142S", "P30Y9M", "P11240D", "PT269781H40M32.142S"),
        (date1984, localTime1630, "PT16H30M", "PT0S", "PT0S", "PT16H30M"),
        (date1984, time1630, "PT16H30M", "PT0S", "PT0S", "PT16H30M"),
        (localTime1430, date2015, "PT-14H-30M", "PT0S", "PT0S", "PT-14H-30M"),
        (localTime1430, localDateTime2016, "PT7H15M22.142S", "PT0S", "PT0S", "PT7H15M22.142S"),
        (localTime1430, dateTime2015, "PT7H10M32.142S", "PT0S", "PT0S", "PT7H10M32.142S"),
        (localTime1430, localTime1630, "PT2H", nil, nil, "PT2H"),
        (localTime1430, time1630, "PT2H", nil, nil, "PT2H"),
        (time1430, date2015, "PT-14H-30M", "PT0S", "PT0S", "PT-14H-30M"),
        (time1430, localDateTime2016, "PT7H15M22.142S", "PT0S", "PT0S", "PT7H15M22.142S"),
        (time1430, dateTime2015, "PT6H10M32.142S", "PT0S", "PT0S", "PT6H10M32.142S"),
        (time1430, localTime1630, "PT2H", nil, nil, "PT2H"),
        (time1430, time1630, "PT1H", nil, nil, "PT1H"),
        (localDateTime2015, date2015, "P-27DT-21H-40M-32.142S", "PT0S", "P-27D", "PT-669H-40M-32.142S"),
        (localDateTime2015, localDateTime2016, "P1YT4M50S", "P1Y", "P366D", "PT8784H4M50S"),
        (localDateTime2015, dateTime2015, "PT0S", "PT0S", "PT0S", "PT0S"),
        (localDateTime2015, localTime1630, "PT-5H-10M-32.142S", "PT0S", "PT0S", "PT-5H-10M-32.142S"),
        (localDateTime2015, time1630, "PT-5H-10M-32.142S", "PT0S", "PT0S", "PT-5H-10M-32.142S"),
        (dateTime2014, date2015, "P11M2DT2H19M23.857S", "P11M", "P337D", "PT8090H19M23.857S"),
        (dateTime2014, localDateTime2016, "P2YT4M45.999S", "P2Y", "P731D", "PT17544H4M45.999S"),
        (dateTime2014, dateTime2015, "P1YT59M55.999S", "P1Y", "P365D", "PT8760H59M55.999S"),
        (dateTime2014, localTime1630, "PT-5H-10M-36.143S", "PT0S", "PT0S", "PT-5H-10M-36.143S"),
        (dateTime2014, time1630, "PT-4H-10M-36.143S", "PT0S", "PT0S", "PT-4H-10M-36.143S"),
    ]

    @Test(arguments: cases)
    func betweenEveryPairOfTypes(
        start: Value,
        end: Value,
        between: String,
        months: String?,
        days: String?,
        seconds: String
    ) throws {
        #expect(try text("duration.between", start, end) == between)
        if let months { #expect(try text("duration.inMonths", start, end) == months) }
        if let days { #expect(try text("duration.inDays", start, end) == days) }
        #expect(try text("duration.inSeconds", start, end) == seconds)
    }

    @Test func twoTimesHaveNoMonthsOrDays() throws {
        #expect(try text("duration.inMonths", Self.localTime1430, Self.localTime1630) == "PT0S")
        #expect(try text("duration.inDays", Self.time1430, Self.time1630) == "PT0S")
    }

    @Test func incompleteDaysDoNotCount() throws {
        let cases: [(Value, Value, String)] = [
            (Fixture.localDateTime(2018, 1, 1, 12), Fixture.localDateTime(2018, 1, 2, 10), "PT22H"),
            (Fixture.localDateTime(2018, 1, 2, 10), Fixture.localDateTime(2018, 1, 1, 12), "PT-22H"),
            (
                Fixture.localDateTime(2018, 1, 1, 10, 0, 0, 200_000_000),
                Fixture.localDateTime(2018, 1, 2, 10, 0, 0, 100_000_000), "PT23H59M59.9S"
            ),
            (
                Fixture.localDateTime(2018, 1, 2, 10, 0, 0, 100_000_000),
                Fixture.localDateTime(2018, 1, 1, 10, 0, 0, 200_000_000), "PT-23H-59M-59.9S"
            ),
        ]
        for (start, end, expected) in cases {
            #expect(try text("duration.between", start, end) == expected)
        }
    }

    @Test func negativeMonthsTruncateTowardZero() throws {
        let cases: [(Value, Value, String)] = [
            (Fixture.date(2018, 3, 11), Fixture.date(2016, 6, 24), "P-1Y-8M"),
            (
                Fixture.date(2018, 7, 21), Fixture.dateTime(2016, 7, 21, 21, 40, 32, 142_000_000, offset: 3600),
                "P-1Y-11M"
            ),
            (Fixture.localDateTime(2018, 7, 21, 21, 40, 32, 142_000_000), Fixture.date(2016, 7, 21), "P-2Y"),
            (
                Fixture.dateTime(2018, 7, 21, 21, 40, 36, 143_000_000, offset: 7200),
                Fixture.localDateTime(2016, 7, 21, 21, 40, 36, 143_000_000), "P-2Y"
            ),
            (
                Fixture.dateTime(2018, 7, 21, 21, 40, 36, 143_000_000, offset: 18000),
                Fixture.dateTime(1984, 7, 21, 22, 40, 36, 143_000_000, offset: 7200), "P-33Y-11M"
            ),
        ]
        for (start, end, expected) in cases {
            #expect(try text("duration.inMonths", start, end) == expected)
        }
    }

    @Test func fractionsOfSecondsKeepOneSign() throws {
        let cases: [(Int64, Int64, Int64, Int64, String)] = [
            (54, 700, 54, 300, "PT-0.4S"), (54, 300, 54, 700, "PT0.4S"), (54, 700, 55, 300, "PT0.6S"),
            (56, 0, 55, 700, "PT-0.3S"), (56, 300, 54, 700, "PT-1.6S"), (54, 700, 56, 300, "PT1.6S"),
        ]
        for (startSecond, startMillisecond, endSecond, endMillisecond, expected) in cases {
            let start = Fixture.localTime(12, 34, startSecond, startMillisecond * 1_000_000)
            let end = Fixture.localTime(12, 34, endSecond, endMillisecond * 1_000_000)
            #expect(try text("duration.inSeconds", start, end) == expected)
        }
        let start = Fixture.localDateTime(2014, 7, 21, 21, 40, 36, 143_000_000)
        let end = Fixture.localDateTime(2014, 7, 21, 21, 40, 36, 142_000_000)
        #expect(try text("duration.inSeconds", start, end) == "PT-0.001S")
    }

    @Test func extremeRanges() throws {
        let first = Fixture.date(-999_999_999, 1, 1)
        let last = Fixture.date(999_999_999, 12, 31)
        #expect(try text("duration.between", first, last) == "P1999999998Y11M30D")
        let start = Fixture.localDateTime(-999_999_999, 1, 1)
        let end = Fixture.localDateTime(999_999_999, 12, 31, 23, 59, 59)
        #expect(try text("duration.inSeconds", start, end) == "PT17531639991215H59M59S")
    }

    @Test func nullGivesNull() throws {
        for function in ["duration.between", "duration.inMonths", "duration.inDays", "duration.inSeconds"] {
            let definition = try FunctionRegistry.validate(name: function, argumentCount: 2)
            #expect(try definition.body([.null, .null], SnapshotResolver()) == .null)
            #expect(try definition.body([Self.date1984, .null], SnapshotResolver()) == .null)
        }
    }

    @Test func nonTemporalIsTypeError() throws {
        let definition = try FunctionRegistry.validate(name: "duration.between", argumentCount: 2)
        let error = try #require(throws: ServerError.self) {
            try definition.body([1, Self.date1984], SnapshotResolver())
        }
        #expect((error as ServerError).status == .typeError)
        let durationOperand = try #require(throws: ServerError.self) {
            try definition.body([Self.date1984, try Fixture.duration("P1D")], SnapshotResolver())
        }
        #expect(durationOperand.status == .typeError)
    }

    @Test func functionNamesIgnoreCase() throws {
        #expect(FunctionRegistry.function(named: "DURATION.INMONTHS") != nil)
        #expect(FunctionRegistry.function(named: "Duration.Between") != nil)
    }
}
