/// Round trips on long-lived connections: each connection logs in once, then sends RUN and
/// PULL in one write and reads to PULL's summary, over and over.
struct RoundtripScenario: Sendable {
    let settings: ConnectionSettings
    let timing: Timing
    let query: String
    let parameter: IntParameter?

    /// Runs `connections` threads, one connection each, and merges their measurements.
    func run(connections: Int) -> [WorkerResult] {
        let gate = StartGate()
        let seed = MonotonicClock.now()
        return runWorkerThreads(count: connections, gate: gate) { index in
            work(index: index, gate: gate, seed: seed)
        }
    }

    /// Runs one connection's loop until the end of the measured period. Errors in the warm-up
    /// count too, because they mean the target is not working as the run assumes. A FAILURE
    /// is followed by RESET. Any other error ends the connection, and the worker opens a new
    /// one, or stops if that fails.
    private func work(index: Int, gate: StartGate, seed: UInt64) -> WorkerResult {
        var result = WorkerResult()
        var connection: BoltConnection
        do throws(BoltClientError) {
            connection = try settings.openConnection(index: index)
        } catch {
            result.recordError(error, context: "set-up of connection \(index)")
            gate.arriveWithoutWaiting()
            return result
        }
        var request = QueryRequest(query: query, parameter: parameter)
        var random = SplitMix64(seed: seed &+ UInt64(index))
        let start = gate.arriveAndWait()
        let measuredStart = start + MonotonicClock.nanoseconds(fromSeconds: timing.warmupSeconds)
        let end = measuredStart + MonotonicClock.nanoseconds(fromSeconds: timing.durationSeconds)
        while true {
            if let parameter {
                request.setParameter(Int64.random(in: parameter.range, using: &random))
            }
            let operationStart = MonotonicClock.now()
            if operationStart >= end { break }
            do throws(BoltClientError) {
                try connection.run(request)
                let operationEnd = MonotonicClock.now()
                if operationStart >= measuredStart {
                    result.latencies.append(operationEnd - operationStart)
                }
            } catch {
                result.recordError(error)
                do throws(BoltClientError) {
                    if error.leavesConnectionUsable {
                        try connection.reset()
                    } else {
                        connection = try settings.openConnection(index: index)
                    }
                } catch {
                    result.recordError(error, context: "recovery of connection \(index)")
                    return result
                }
            }
        }
        settings.finish(connection)
        return result
    }
}
