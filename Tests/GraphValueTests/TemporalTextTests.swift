import Testing

@testable import GraphValue

@Suite struct TemporalTextTests {
    @Test func timesWriteSecondsAndFractionsOnlyWhenNeeded() {
        #expect(TemporalText.timeOfDay(12 * 3_600_000_000_000) == "12:00")
        #expect(TemporalText.timeOfDay(12 * 3_600_000_000_000 + 5_000_000_000) == "12:00:05")
        #expect(TemporalText.timeOfDay(12 * 3_600_000_000_000 + 100_000_000) == "12:00:00.100")
        #expect(TemporalText.timeOfDay(12 * 3_600_000_000_000 + 645_876_000) == "12:00:00.645876")
        #expect(TemporalText.timeOfDay(12 * 3_600_000_000_000 + 3) == "12:00:00.000000003")
    }

    @Test func yearsOutsideFourDigitsHaveASign() {
        #expect(TemporalText.yearText(28) == "0028")
        #expect(TemporalText.yearText(-1) == "-0001")
        #expect(TemporalText.yearText(12_015) == "+12015")
    }

    @Test(
        arguments: [
            (0, "1970-01-01"),
            (-1, "1969-12-31"),
            (19782, "2024-02-29"),
            (-719_162, "0001-01-01"),
            (-719_528, "0000-01-01"),
            (-719_893, "-0001-01-01"),
            (2_932_896, "9999-12-31"),
            (2_932_897, "+10000-01-01"),
        ] as [(Int64, String)]
    )
    func date(days: Int64, text: String) {
        #expect(TemporalText.date(CalendarDate(daysSinceEpoch: days)) == text)
    }

    @Test func datesOutsideSupportedYearsPrintTheDayCount() {
        let beyond = CalendarDate.supportedDays.upperBound + 1
        #expect(TemporalText.date(CalendarDate(daysSinceEpoch: beyond)) == "\(beyond) days since 1970-01-01")
        #expect(TemporalText.date(CalendarDate(daysSinceEpoch: .min)) == "\(Int64.min) days since 1970-01-01")
    }

    @Test(
        arguments: [
            (0, "00:00"),
            (1, "00:00:00.000000001"),
            (45_296_500_000_000, "12:34:56.500"),
            (86_399_999_999_999, "23:59:59.999999999"),
            (3_600_120_000_000, "01:00:00.120"),
            (3_600_000_120_000, "01:00:00.000120"),
        ] as [(Int64, String)]
    )
    func localTime(nanoseconds: Int64, text: String) {
        #expect(TemporalText.localTime(LocalTime(nanosecondsSinceMidnight: nanoseconds)) == text)
    }

    @Test(
        arguments: [
            (0, "12:00Z"),
            (3600, "12:00+01:00"),
            (-5400, "12:00-01:30"),
            (3661, "12:00+01:01:01"),
            (50_400, "12:00+14:00"),
        ] as [(Int32, String)]
    )
    func time(offset: Int32, text: String) {
        let time = Time(nanosecondsSinceMidnight: 43_200_000_000_000, offsetSeconds: offset)
        #expect(TemporalText.time(time) == text)
    }

    @Test func localDateTime() {
        let epoch = LocalDateTime(secondsSinceEpoch: 0, nanoseconds: 0)
        #expect(TemporalText.localDateTime(epoch) == "1970-01-01T00:00")
        let beforeEpoch = LocalDateTime(secondsSinceEpoch: -1, nanoseconds: 250_000_000)
        #expect(TemporalText.localDateTime(beforeEpoch) == "1969-12-31T23:59:59.250")
        let later = LocalDateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 0)
        #expect(TemporalText.localDateTime(later) == "2023-11-14T22:13:20")
    }

    @Test func dateTimeWithOffset() {
        let value = DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 5, zone: .offset(seconds: 3600))
        #expect(TemporalText.dateTime(value) == "2023-11-14T23:13:20.000000005+01:00")
        let utc = DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .offset(seconds: 0))
        #expect(TemporalText.dateTime(utc) == "1970-01-01T00:00Z")
        let seconds = DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .offset(seconds: 3208))
        #expect(TemporalText.dateTime(seconds) == "1970-01-01T00:53:28+00:53:28")
    }

    @Test func namedZonesUseTheirOffsetAtTheInstant() {
        // 2017-08-08T10:31:14Z is 12:31:14 summer time in Stockholm.
        let summer = DateTime(secondsSinceEpoch: 1_502_188_274, nanoseconds: 0, zone: .identifier("Europe/Stockholm"))
        #expect(TemporalText.dateTime(summer) == "2017-08-08T12:31:14+02:00[Europe/Stockholm]")
        // 2023-11-14T22:13:20Z is 23:13:20 winter time in Berlin.
        let winter = DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 0, zone: .identifier("Europe/Berlin"))
        #expect(TemporalText.dateTime(winter) == "2023-11-14T23:13:20+01:00[Europe/Berlin]")
    }

    @Test func unknownZoneNamePrintsAsUTC() {
        let value = DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .identifier("Nowhere/Invalid"))
        #expect(TemporalText.dateTime(value) == "1970-01-01T00:00Z[Nowhere/Invalid]")
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1, Int64.max - 1, Int64.max])
    func rangeEdgesDoNotTrap(seconds: Int64) {
        let east = DateTime(secondsSinceEpoch: seconds, nanoseconds: 999_999_999, zone: .offset(seconds: 3600))
        let west = DateTime(secondsSinceEpoch: seconds, nanoseconds: 0, zone: .offset(seconds: -3600))
        let named = DateTime(secondsSinceEpoch: seconds, nanoseconds: 0, zone: .identifier("Europe/Berlin"))
        #expect(!TemporalText.dateTime(east).isEmpty)
        #expect(!TemporalText.dateTime(west).isEmpty)
        #expect(!TemporalText.dateTime(named).isEmpty)
        #expect(!TemporalText.localDateTime(LocalDateTime(secondsSinceEpoch: seconds, nanoseconds: 1)).isEmpty)
        #expect(!TemporalText.date(CalendarDate(daysSinceEpoch: seconds)).isEmpty)
        let duration = CypherDuration(months: seconds, days: seconds, seconds: seconds, nanoseconds: -1)
        #expect(!DurationText.string(duration).isEmpty)
    }
}
