import GraphValue
import Testing

@testable import HTTPAPI

@Suite("Temporal text")
struct TemporalFormatTests {
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
        #expect(TemporalFormat.date(CalendarDate(daysSinceEpoch: days)) == text)
    }

    @Test(
        arguments: [
            (0, "00:00:00"),
            (1, "00:00:00.000000001"),
            (45_296_500_000_000, "12:34:56.5"),
            (86_399_999_999_999, "23:59:59.999999999"),
            (3_600_120_000_000, "01:00:00.12"),
        ] as [(Int64, String)]
    )
    func localTime(nanoseconds: Int64, text: String) {
        #expect(TemporalFormat.localTime(LocalTime(nanosecondsSinceMidnight: nanoseconds)) == text)
    }

    @Test(
        arguments: [
            (0, "12:00:00Z"),
            (3600, "12:00:00+01:00"),
            (-5400, "12:00:00-01:30"),
            (3661, "12:00:00+01:01:01"),
            (50_400, "12:00:00+14:00"),
        ] as [(Int32, String)]
    )
    func time(offset: Int32, text: String) {
        let time = Time(nanosecondsSinceMidnight: 43_200_000_000_000, offsetSeconds: offset)
        #expect(TemporalFormat.time(time) == text)
    }

    @Test func localDateTime() {
        #expect(
            TemporalFormat.localDateTime(LocalDateTime(secondsSinceEpoch: 0, nanoseconds: 0)) == "1970-01-01T00:00:00"
        )
        #expect(
            TemporalFormat.localDateTime(LocalDateTime(secondsSinceEpoch: -1, nanoseconds: 250_000_000))
                == "1969-12-31T23:59:59.25"
        )
        #expect(
            TemporalFormat.localDateTime(LocalDateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 0))
                == "2023-11-14T22:13:20"
        )
    }

    @Test func dateTimeWithOffset() {
        let value = DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 5, zone: .offset(seconds: 3600))
        #expect(TemporalFormat.dateTime(value) == "2023-11-14T23:13:20.000000005+01:00")
        let utc = DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .offset(seconds: 0))
        #expect(TemporalFormat.dateTime(utc) == "1970-01-01T00:00:00Z")
    }

    @Test func dateTimeWithZoneName() {
        let value = DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 0, zone: .identifier("Europe/Berlin"))
        #expect(TemporalFormat.dateTime(value) == "2023-11-14T22:13:20Z[Europe/Berlin]")
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1, Int64.max - 1, Int64.max])
    func rangeEdgesDoNotTrap(seconds: Int64) {
        let offset = DateTime(secondsSinceEpoch: seconds, nanoseconds: 999_999_999, zone: .offset(seconds: 3600))
        let west = DateTime(secondsSinceEpoch: seconds, nanoseconds: 0, zone: .offset(seconds: -3600))
        #expect(!TemporalFormat.dateTime(offset).isEmpty)
        #expect(!TemporalFormat.dateTime(west).isEmpty)
        #expect(!TemporalFormat.localDateTime(LocalDateTime(secondsSinceEpoch: seconds, nanoseconds: 1)).isEmpty)
        #expect(!TemporalFormat.date(CalendarDate(daysSinceEpoch: seconds)).isEmpty)
        let duration = CypherDuration(months: seconds, days: seconds, seconds: seconds, nanoseconds: -1)
        #expect(!TemporalFormat.duration(duration).isEmpty)
    }

    @Test(
        arguments: [
            (0, 0, 0, 0, "PT0S"),
            (14, 3, 14_706, 500_000_000, "P1Y2M3DT4H5M6.5S"),
            (12, 0, 0, 0, "P1Y"),
            (0, 3, 0, 0, "P3D"),
            (-14, 0, 0, 0, "P-1Y-2M"),
            (0, 0, 90, 0, "PT1M30S"),
            (0, 0, -90, 0, "PT-1M-30S"),
            (0, 0, -1, 500_000_000, "PT-0.5S"),
            (0, 0, -2, 500_000_000, "PT-1.5S"),
            (0, 0, 0, 1, "PT0.000000001S"),
            (0, 0, 3600, 0, "PT1H"),
            (0, 1, 1, 0, "P1DT1S"),
        ] as [(Int64, Int64, Int64, Int32, String)]
    )
    func duration(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int32, text: String) {
        let value = CypherDuration(months: months, days: days, seconds: seconds, nanoseconds: nanoseconds)
        #expect(TemporalFormat.duration(value) == text)
    }

    @Test(
        arguments: [
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (1_700_000_000, "Tue, 14 Nov 2023 22:13:20 GMT"),
            (-86_400, "Wed, 31 Dec 1969 00:00:00 GMT"),
        ] as [(Int64, String)]
    )
    func httpDate(seconds: Int64, text: String) {
        #expect(HTTPDate.format(secondsSinceEpoch: seconds) == text)
    }
}
