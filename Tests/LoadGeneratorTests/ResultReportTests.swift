import JSON
import Testing

@testable import nornicdb_load

@Suite struct ResultReportTests {
    private func result(latencies: [UInt64], errors: Int = 0, firstError: String? = nil) -> ScenarioResult {
        var worker = WorkerResult()
        worker.latencies = latencies
        worker.errors = errors
        worker.firstError = firstError
        return ScenarioResult(
            scenario: "roundtrip",
            target: "nornicdb",
            connections: 4,
            timing: Timing(warmupSeconds: 1, durationSeconds: 2),
            workers: [worker]
        )
    }

    @Test func millisecondsFormatting() {
        #expect(ResultReport.milliseconds(0) == "-")
        #expect(ResultReport.milliseconds(155_400) == "0.155")
        #expect(ResultReport.milliseconds(1_500) == "0.002")
        #expect(ResultReport.milliseconds(12_345_678_900) == "12345.679")
    }

    @Test func thousandsGrouping() {
        #expect(ResultReport.groupedThousands(0) == "0")
        #expect(ResultReport.groupedThousands(999) == "999")
        #expect(ResultReport.groupedThousands(1_000) == "1,000")
        #expect(ResultReport.groupedThousands(1_234_567) == "1,234,567")
        #expect(ResultReport.groupedThousands(-12_345) == "-12,345")
    }

    @Test func tableRowColumns() {
        let row = ResultReport.tableRow(result(latencies: [1_000_000, 2_000_000], errors: 1))
        #expect(row == "| roundtrip | nornicdb | 4 | 2 | 1 | 1.000 | 2.000 | 2.000 | 1 |")
    }

    @Test func jsonLineKeys() throws {
        let line = ResultReport.jsonLine(result(latencies: [1_000_000, 3_000_000], errors: 2, firstError: "boom"))
        #expect(!line.contains("\n"))
        let object = try StrictJSONParser.parseObject(Array(line.utf8))
        #expect(object["scenario"] == .string("roundtrip"))
        #expect(object["target"] == .string("nornicdb"))
        #expect(object["connections"] == .integer(4))
        #expect(object["operations"] == .integer(2))
        #expect(object["duration_s"]?.doubleValue == 2)
        #expect(object["rate"]?.doubleValue == 1)
        #expect(object["p50_ms"]?.doubleValue == 1)
        #expect(object["p99_ms"]?.doubleValue == 3)
        #expect(object["p999_ms"]?.doubleValue == 3)
        #expect(object["max_ms"]?.doubleValue == 3)
        #expect(object["errors"] == .integer(2))
        #expect(object["first_error"] == .string("boom"))
    }

    @Test func jsonFirstErrorNullWithoutErrors() throws {
        let object = try StrictJSONParser.parseObject(Array(ResultReport.jsonLine(result(latencies: [])).utf8))
        #expect(object["first_error"] == .null)
        #expect(object["operations"] == .integer(0))
    }
}
