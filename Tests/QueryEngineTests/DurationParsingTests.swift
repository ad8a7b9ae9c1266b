import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct DurationParsingTests {
    private func text(_ input: String) throws -> String {
        DurationText.string(try DurationParsing.parse(input))
    }

    /// ISO 8601 input and the text Neo4j prints for the parsed duration.
    static let cases: [(String, String)] = [
        ("P14DT16H12M", "P14DT16H12M"),
        ("P5M1.5D", "P5M1DT12H"),
        ("P0.75M", "P22DT19H51M49.5S"),
        ("PT0.75M", "PT45S"),
        ("P2.5W", "P17DT12H"),
        ("P12Y5M14DT16H12M70S", "P12Y5M14DT16H13M10S"),
        ("P2012-02-02T14:37:21.545", "P2012Y2M2DT14H37M21.545S"),
        ("P20120202T143721.545", "P2012Y2M2DT14H37M21.545S"),
        ("P2012-02-02", "P2012Y2M2D"),
        ("PT14:37", "PT14H37M"),
        ("PT14", "PT14H"),
        ("PT1437", "PT14H37M"),
        ("PT0S", "PT0S"),
        ("P1Y", "P1Y"),
        ("P13M", "P1Y1M"),
        ("P1W", "P7D"),
        ("PT1.5S", "PT1.5S"),
        ("PT-1.5S", "PT-1.5S"),
        ("PT-0.001S", "PT-0.001S"),
        ("P1DT-0.001S", "P1DT-0.001S"),
        ("PT-1M-0.001S", "PT-1M-0.001S"),
        ("PT1,5S", "PT1.5S"),
        ("PT0.000000001S", "PT0.000000001S"),
        ("P12Y5M-14DT16H", "P12Y5M-14DT16H"),
        ("-P1Y2M3DT4H5M6S", "P-1Y-2M-3DT-4H-5M-6S"),
        ("+P1D", "P1D"),
        ("-P1DT-1H", "P-1DT1H"),
        ("p1y2mt3h4m5.5s", "P1Y2MT3H4M5.5S"),
        ("PT1.5H", "PT1H30M"),
        ("-PT1.5H", "PT-1H-30M"),
        ("P1Y0.5M", "P1Y15DT5H14M33S"),
        ("-P2012-02-02T14:37:21.545", "P-2012Y-2M-2DT-14H-37M-21.545S"),
    ]

    @Test(arguments: cases)
    func parsesToDuration(input: String, expected: String) throws {
        #expect(try text(input) == expected)
    }

    static let invalid = [
        "", "P", "PT", "-P", "P1", "1D", "P1D1Y", "PT1S1M", "P1.5Y1M", "PT1.5M1S", "P1.5DT1H", "P1DT",
        "PT1.S", "PT.5S", "PT1.1234567890S", "P1Y ", " P1Y", "P1X", "PT1D", "P--1D", "P2012-0202", "P201202-02",
        "P2012-02-02T", "P2012-02-02T1", "PT14:3", "PT14:", "P2012", "P2012-02", "Pabc", "P1e3D", "P١D",
        "P99999999999999999999D", "Q1D", "P1D\0",
    ]

    @Test(arguments: invalid)
    func rejectsInvalidText(input: String) throws {
        let error = try #require(throws: ServerError.self) { try DurationParsing.parse(input) }
        #expect(error.status == .argumentError)
    }

    @Test func errorNamesTheText() throws {
        let error = try #require(throws: ServerError.self) { try DurationParsing.parse("P1X") }
        #expect(error.message.contains("\"P1X\""))
    }

    @Test func dateFormChecksFieldRanges() throws {
        for input in ["P2012-13-01", "P2012-01-32", "PT25:00", "PT10:61", "PT10:00:61"] {
            let error = try #require(throws: ServerError.self) { try DurationParsing.parse(input) }
            #expect(error.status == .argumentError, "\(input)")
            #expect(error.message.contains("out of range"), "\(input)")
        }
        #expect(try text("PT24:60:60") == "PT25H1M")
    }

    @Test func oversizedPartsAreArithmeticErrors() throws {
        let years = try #require(throws: ServerError.self) { try DurationParsing.parse("P9223372036854775807Y") }
        #expect(years.status == .arithmeticError)
    }

    /// Every prefix and every one-character deletion of valid text either parses or raises an
    /// ArgumentError; nothing traps.
    @Test func truncatedAndDamagedTextFailsCleanly() throws {
        let samples = [
            "-P12Y5M2W14DT16H12M70.123456789S", "P2012-02-02T14:37:21.545", "P20120202T143721,5", "PT-0.75M",
            "p1.5w",
        ]
        for sample in samples {
            let characters = Array(sample)
            var variants: [String] = (0...characters.count).map { String(characters.prefix($0)) }
            for index in characters.indices {
                var damaged = characters
                damaged.remove(at: index)
                variants.append(String(damaged))
                var replaced = characters
                replaced[index] = "9"
                variants.append(String(replaced))
            }
            for variant in variants {
                do {
                    _ = try DurationParsing.parse(variant)
                } catch {
                    #expect(error.status == .argumentError || error.status == .arithmeticError, "\(variant)")
                }
            }
        }
    }

    @Test func toStringRoundTrips() throws {
        for input in ["P12Y5M14DT16H13M10.000000001S", "P1DT-0.001S", "PT-1M-0.001S", "P-6M-15DT-17H-45M-3.500000002S"]
        {
            let duration = try DurationParsing.parse(input)
            #expect(try DurationParsing.parse(DurationText.string(duration)) == duration, "\(input)")
        }
    }
}
