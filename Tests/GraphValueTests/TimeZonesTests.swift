import GraphValue
import Testing

@Suite struct TimeZonesTests {
    @Test func namedZoneOffsetFollowsDaylightSaving() {
        // 2020-01-15T12:00Z and 2020-06-15T12:00Z.
        #expect(TimeZones.offset(ofZone: "Europe/Berlin", atUTCSeconds: 1_579_089_600) == 3600)
        #expect(TimeZones.offset(ofZone: "Europe/Berlin", atUTCSeconds: 1_592_222_400) == 7200)
    }

    @Test func unknownZoneName() {
        #expect(TimeZones.offset(ofZone: "Nowhere/Invalid", atUTCSeconds: 0) == nil)
        #expect(TimeZones.offset(of: .identifier("Nowhere/Invalid"), atUTCSeconds: 0) == 0)
    }

    @Test func fixedOffsetIgnoresTheInstant() {
        #expect(TimeZones.offset(of: .offset(seconds: -5400), atUTCSeconds: 1_592_222_400) == -5400)
    }

    @Test(
        arguments: [
            (0, "Z"),
            (3600, "+01:00"),
            (-5400, "-01:30"),
            (3208, "+00:53:28"),
            (-64_800, "-18:00"),
        ] as [(Int32, String)]
    )
    func offsetText(seconds: Int32, text: String) {
        #expect(TimeZones.offsetText(seconds) == text)
    }
}
