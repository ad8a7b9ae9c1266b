import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct DurationConstructionTests {
    private func text(_ map: [String: Value]) throws -> String {
        DurationText.string(try DurationConstruction.duration(fromMap: map))
    }

    /// Maps and the text Neo4j prints for them.
    static let cases: [([String: Value], String)] = [
        (["days": 14, "hours": 16, "minutes": 12], "P14DT16H12M"),
        (["months": 5, "days": 1.5], "P5M1DT12H"),
        (["months": 0.75], "P22DT19H51M49.5S"),
        (["weeks": 2.5], "P17DT12H"),
        (["years": 12, "months": 5, "days": 14, "hours": 16, "minutes": 12, "seconds": 70], "P12Y5M14DT16H13M10S"),
        (["days": 14, "seconds": 70, "milliseconds": 1], "P14DT1M10.001S"),
        (["days": 14, "seconds": 70, "microseconds": 1], "P14DT1M10.000001S"),
        (["days": 14, "seconds": 70, "nanoseconds": 1], "P14DT1M10.000000001S"),
        (["minutes": 1.5, "seconds": 1], "PT1M31S"),
        (
            [
                "years": 12.5, "months": 5.5, "days": 14.5, "hours": 16.5, "minutes": 12.5, "seconds": 70.5,
                "nanoseconds": 3,
            ],
            "P12Y11M29DT33H58M13.500000003S"
        ),
        (["seconds": -2, "milliseconds": 1], "PT-1.999S"),
        (["hours": -1.5], "PT-1H-30M"),
        (["years": 1, "days": -1], "P1Y-1D"),
        (["seconds": 0], "PT0S"),
    ]

    @Test(arguments: cases)
    func mapBuildsDuration(map: [String: Value], expected: String) throws {
        #expect(try text(map) == expected)
    }

    @Test func storedPartsAreNormalized() throws {
        let duration = try DurationConstruction.duration(fromMap: ["seconds": -2, "milliseconds": 1])
        #expect(duration.seconds == -2)
        #expect(duration.nanoseconds == 1_000_000)
        let fractional = try DurationConstruction.duration(fromMap: ["months": 0.75])
        #expect(fractional == CypherDuration(months: 0, days: 22, seconds: 71_509, nanoseconds: 500_000_000))
    }

    @Test func keysIgnoreCaseAndNullsAreAbsent() throws {
        #expect(try text(["Days": 2, "HOURS": 1]) == "P2DT1H")
        #expect(try text(["days": 2, "hours": .null]) == "P2D")
    }

    @Test func unknownKeyIsArgumentError() throws {
        let error = try #require(throws: ServerError.self) { try text(["day": 1]) }
        #expect(error.status == .argumentError)
        #expect(error.message.contains("No such field: day"))
    }

    @Test func emptyMapIsArgumentError() throws {
        let error = try #require(throws: ServerError.self) { try text([:]) }
        #expect(error.status == .argumentError)
        let onlyNull = try #require(throws: ServerError.self) { try text(["days": .null]) }
        #expect(onlyNull.status == .argumentError)
    }

    @Test func nonNumberIsTypeError() throws {
        let error = try #require(throws: ServerError.self) { try text(["days": "1"]) }
        #expect(error.status == .typeError)
        #expect(error.message.contains("days"))
    }

    @Test func overflowIsArithmeticError() throws {
        let years = try #require(throws: ServerError.self) { try text(["years": .integer(.max)]) }
        #expect(years.status == .arithmeticError)
        let huge = try #require(throws: ServerError.self) { try text(["days": 1e300]) }
        #expect(huge.status == .arithmeticError)
        let infinite = try #require(throws: ServerError.self) { try text(["days": .float(.infinity)]) }
        #expect(infinite.status == .arithmeticError)
        let notANumber = try #require(throws: ServerError.self) { try text(["days": .float(.nan)]) }
        #expect(notANumber.status == .arithmeticError)
    }

    @Test func largeIntegersStayExact() throws {
        // Above 2^53, so a floating-point path would round the seconds.
        let duration = try DurationConstruction.duration(fromMap: ["seconds": 9_007_199_254_740_993])
        #expect(duration.seconds == 9_007_199_254_740_993)
        let nanoseconds = try DurationConstruction.duration(fromMap: ["nanoseconds": .integer(.max)])
        #expect(nanoseconds.seconds == 9_223_372_036)
        #expect(nanoseconds.nanoseconds == 854_775_807)
    }

    @Test func functionAcceptsStringMapAndNull() throws {
        #expect(try DurationConstruction.duration(from: .null) == .null)
        #expect(
            try DurationConstruction.duration(from: "P1D")
                == .duration(CypherDuration(months: 0, days: 1, seconds: 0, nanoseconds: 0))
        )
        #expect(
            try DurationConstruction.duration(from: ["days": 1])
                == .duration(CypherDuration(months: 0, days: 1, seconds: 0, nanoseconds: 0))
        )
        let error = try #require(throws: ServerError.self) { try DurationConstruction.duration(from: 5) }
        #expect(error.status == .typeError)
    }
}
