import Testing

@testable import nornicdb_load

@Suite struct LatencySummaryTests {
    @Test func nearestRankOfHundredValues() {
        let values = Array(UInt64(1)...100)
        #expect(LatencySummary.percentile(0.50, ofSorted: values) == 50)
        #expect(LatencySummary.percentile(0.99, ofSorted: values) == 99)
        #expect(LatencySummary.percentile(0.999, ofSorted: values) == 100)
        #expect(LatencySummary.percentile(0.07, ofSorted: values) == 7)
        #expect(LatencySummary.percentile(1.0, ofSorted: values) == 100)
        #expect(LatencySummary.percentile(0.0, ofSorted: values) == 1)
    }

    @Test func thousandValuesP999() {
        let values = Array(UInt64(1)...1000)
        #expect(LatencySummary.percentile(0.999, ofSorted: values) == 999)
        #expect(LatencySummary.percentile(0.5, ofSorted: values) == 500)
    }

    @Test func singleValue() {
        #expect(LatencySummary.percentile(0.5, ofSorted: [7]) == 7)
        #expect(LatencySummary.percentile(0.999, ofSorted: [7]) == 7)
    }

    @Test func summarySortsUnorderedInput() {
        var latencies: [UInt64] = [30, 10, 20, 40]
        let summary = LatencySummary(sorting: &latencies)
        #expect(summary.count == 4)
        #expect(summary.p50 == 20)
        #expect(summary.p99 == 40)
        #expect(summary.max == 40)
        #expect(latencies == [10, 20, 30, 40])
    }

    @Test func emptyInputGivesZeros() {
        var latencies: [UInt64] = []
        let summary = LatencySummary(sorting: &latencies)
        #expect(summary.count == 0)
        #expect(summary.p50 == 0)
        #expect(summary.p999 == 0)
        #expect(summary.max == 0)
    }
}
