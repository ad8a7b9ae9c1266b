/// Logins on new connections: each operation connects, completes the handshake, sends HELLO
/// (and LOGON from Bolt 5.1), optionally runs one query, and closes.
struct LoginScenario: Sendable {
    let settings: ConnectionSettings
    let timing: Timing
    /// A query to run once after each login, or nil for logins alone.
    let query: String?
    let parameter: IntParameter?

    func run(connections: Int) -> [WorkerResult] {
        let gate = StartGate()
        let seed = MonotonicClock.now()
        return runWorkerThreads(count: connections, gate: gate) { index in
            work(index: index, gate: gate, seed: seed)
        }
    }

    /// Logs in repeatedly until the end of the measured period. Thread `index` logs in as
    /// connection `index`, so with several bearer tokens each thread keeps one token.
    private func work(index: Int, gate: StartGate, seed: UInt64) -> WorkerResult {
        var result = WorkerResult()
        var request = query.map { QueryRequest(query: $0, parameter: parameter) }
        var random = SplitMix64(seed: seed &+ UInt64(index))
        let start = gate.arriveAndWait()
        let measuredStart = start + MonotonicClock.nanoseconds(fromSeconds: timing.warmupSeconds)
        let end = measuredStart + MonotonicClock.nanoseconds(fromSeconds: timing.durationSeconds)
        while true {
            if let parameter, request != nil {
                request!.setParameter(Int64.random(in: parameter.range, using: &random))
            }
            let operationStart = MonotonicClock.now()
            if operationStart >= end { break }
            do throws(BoltClientError) {
                try logIn(index: index, request: request)
                let operationEnd = MonotonicClock.now()
                if operationStart >= measuredStart {
                    result.latencies.append(operationEnd - operationStart)
                }
            } catch {
                result.recordError(error)
            }
        }
        return result
    }

    /// Opens, uses and closes one connection; the socket closes when `connection` goes out
    /// of scope at the end of the call.
    private func logIn(index: Int, request: QueryRequest?) throws(BoltClientError) {
        let connection = try settings.openConnection(index: index)
        if let request {
            try connection.run(request)
        }
        settings.finish(connection)
    }
}
