import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct DurationTextTests {
    /// Maps and the `toString` text Neo4j gives for them.
    static let cases: [([String: Value], String)] = [
        (
            ["years": 12, "months": 5, "days": 14, "hours": 16, "minutes": 12, "seconds": 70, "nanoseconds": 1],
            "P12Y5M14DT16H13M10.000000001S"
        ),
        (["years": 12, "months": 5, "days": -14, "hours": 16], "P12Y5M-14DT16H"),
        (["minutes": 12, "seconds": -60], "PT11M"),
        (["seconds": 2, "milliseconds": -1], "PT1.999S"),
        (["seconds": -2, "milliseconds": 1], "PT-1.999S"),
        (["seconds": -2, "milliseconds": -1], "PT-2.001S"),
        (["days": 1, "milliseconds": 1], "P1DT0.001S"),
        (["days": 1, "milliseconds": -1], "P1DT-0.001S"),
        (["seconds": 60, "milliseconds": -1], "PT59.999S"),
        (["seconds": -60, "milliseconds": 1], "PT-59.999S"),
        (["seconds": -60, "milliseconds": -1], "PT-1M-0.001S"),
        (["hours": -1, "nanoseconds": -1], "PT-1H-0.000000001S"),
        (["months": -13], "P-1Y-1M"),
        (["days": 0], "PT0S"),
    ]

    @Test(arguments: cases)
    func printsLikeNeo4j(map: [String: Value], expected: String) throws {
        let duration = try DurationConstruction.duration(fromMap: map)
        #expect(DurationText.string(duration) == expected)
        #expect(try DurationParsing.parse(expected) == duration)
    }

    @Test func toStringAndLiteralUseTheSameText() throws {
        let value = try TemporalFixture.duration("P1DT2H")
        #expect(ValueText.string(value) == "P1DT2H")
        #expect(ValueText.literal(value) == "P1DT2H")
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
}
