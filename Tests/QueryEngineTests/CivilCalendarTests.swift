import Testing

@testable import QueryEngine

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
}
