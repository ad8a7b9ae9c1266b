import GraphValue
import Testing

@Suite struct CivilCalendarTests {
    @Test func dayCountsRoundTrip() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let date = CivilCalendar.civil(fromDays: days)
            #expect(CivilCalendar.days(year: date.year, month: date.month, day: date.day) == days)
        }
    }

    @Test func epochAndLeapDays() {
        #expect(CivilCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.civil(fromDays: -1) == .init(year: 1969, month: 12, day: 31))
        #expect(CivilCalendar.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CivilCalendar.daysInMonth(year: 1900, month: 2) == 28)
    }

    @Test func isoWeeks() {
        // 1817-01-01 is a Wednesday, so ISO week 1 of 1817 starts on 1816-12-30.
        let start = CivilCalendar.firstDayOfWeekYear(1817)
        #expect(CivilCalendar.civil(fromDays: start) == .init(year: 1816, month: 12, day: 30))
        let lastDay = CivilCalendar.days(year: 1816, month: 12, day: 31)
        #expect(CivilCalendar.isoWeek(days: lastDay) == (1817, 1))
        #expect(CivilCalendar.weeksInWeekYear(1818) == 53)
        #expect(CivilCalendar.dayOfWeek(days: 0) == 4)
    }

    @Test(
        arguments: [
            (0, 0, 0),
            (86_399, 0, 86_399),
            (86_400, 1, 0),
            (-1, -1, 86_399),
            (-86_400, -1, 0),
            (-86_401, -2, 86_399),
        ] as [(Int64, Int64, Int64)]
    )
    func splitDaysRoundsTowardsNegativeInfinity(seconds: Int64, days: Int64, secondOfDay: Int64) {
        let split = CivilCalendar.splitDays(seconds: seconds)
        #expect(split.days == days)
        #expect(split.secondOfDay == secondOfDay)
    }

    @Test(arguments: [Int64.min, Int64.min + 1, Int64.max - 1, Int64.max])
    func splitDaysAtInt64LimitsDoesNotTrap(seconds: Int64) {
        let split = CivilCalendar.splitDays(seconds: seconds)
        #expect((0..<86_400).contains(split.secondOfDay))
        #expect(Int128(split.days) * 86_400 + Int128(split.secondOfDay) == Int128(seconds))
    }
}
