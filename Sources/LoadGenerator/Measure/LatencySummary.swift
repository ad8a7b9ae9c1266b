/// Percentiles of a set of latencies, by the nearest-rank method: the p-th percentile of n
/// sorted values is the value at rank ceil(p * n), counting from 1.
struct LatencySummary: Sendable, Equatable {
    let count: Int
    /// Nanoseconds; all zero when there are no values.
    let p50: UInt64
    let p99: UInt64
    let p999: UInt64
    let max: UInt64

    /// Sorts `latencies` in place and summarises them.
    init(sorting latencies: inout [UInt64]) {
        latencies.sort()
        count = latencies.count
        p50 = Self.percentile(0.50, ofSorted: latencies)
        p99 = Self.percentile(0.99, ofSorted: latencies)
        p999 = Self.percentile(0.999, ofSorted: latencies)
        max = latencies.last ?? 0
    }

    /// Returns the nearest-rank percentile of ascending `values`, or 0 when there are none.
    ///
    /// - Precondition: `fraction` is in 0...1.
    static func percentile(_ fraction: Double, ofSorted values: [UInt64]) -> UInt64 {
        precondition((0...1).contains(fraction), "a percentile fraction is between 0 and 1")
        guard !values.isEmpty else { return 0 }
        // Rounding to 9 decimals first guards against products such as 0.07 * 100 =
        // 7.000000000000001, whose ceiling would otherwise be one rank too high.
        let product = (fraction * Double(values.count) * 1e9).rounded() / 1e9
        let rank = Swift.max(1, Int(product.rounded(.up)))
        return values[Swift.min(rank, values.count) - 1]
    }
}
