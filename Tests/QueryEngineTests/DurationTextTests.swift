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
}
