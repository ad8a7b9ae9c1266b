import GraphValue
import Testing

@Suite struct DurationTextTests {
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
            (0, 0, -61, 0, "PT-1M-1S"),
            (0, 0, -60, -1_000_000, "PT-1M-0.001S"),
            (0, 0, 0, 1, "PT0.000000001S"),
            (0, 0, 3600, 0, "PT1H"),
            (0, 1, 1, 0, "P1DT1S"),
        ] as [(Int64, Int64, Int64, Int32, String)]
    )
    func duration(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int32, text: String) {
        let value = CypherDuration(months: months, days: days, seconds: seconds, nanoseconds: nanoseconds)
        #expect(DurationText.string(value) == text)
    }

    @Test func unnormalizedBoltDurationsPrintTheirTotal() {
        // A client may send nanoseconds outside 0..<1e9; the text shows the amount they add up to.
        let negative = CypherDuration(months: 0, days: 0, seconds: 0, nanoseconds: -1_500_000)
        #expect(DurationText.string(negative) == "PT-0.0015S")
        let oversized = CypherDuration(months: 0, days: 0, seconds: 1, nanoseconds: 1_500_000_000)
        #expect(DurationText.string(oversized) == "PT2.5S")
    }

    @Test func extremePartsDoNotTrap() {
        let largest = CypherDuration(months: .max, days: .max, seconds: .max, nanoseconds: 999_999_999)
        #expect(DurationText.string(largest).hasPrefix("P768614336404564650Y7M9223372036854775807DT"))
        let smallest = CypherDuration(months: .min, days: .min, seconds: .min, nanoseconds: 0)
        #expect(DurationText.string(smallest).hasSuffix("-8S"))
    }

    @Test func totalNanosecondsCombinesParts() {
        let value = CypherDuration(months: 0, days: 0, seconds: -2, nanoseconds: 500_000_000)
        #expect(value.totalNanoseconds == -1_500_000_000)
        let largest = CypherDuration(months: 0, days: 0, seconds: .max, nanoseconds: .max)
        #expect(largest.totalNanoseconds == Int128(Int64.max) * 1_000_000_000 + Int128(Int32.max))
    }
}
