/// The measurements of one worker thread: the latency of each recorded operation, and its errors.
struct WorkerResult: Sendable {
    /// Nanoseconds per successful operation that started inside the measured period.
    var latencies: [UInt64] = []
    /// Failed operations in the measured period, plus set-up failures at any time.
    var errors = 0
    var firstError: String?

    init(expectedOperations: Int = 1 << 16) {
        latencies.reserveCapacity(expectedOperations)
    }

    mutating func recordError(_ error: BoltClientError, context: String? = nil) {
        errors += 1
        if firstError == nil {
            firstError = context.map { "\($0): \(error)" } ?? error.description
        }
    }
}
