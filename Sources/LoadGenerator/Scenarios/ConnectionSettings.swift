/// The address, handshake, credentials and socket settings of every connection of a run.
struct ConnectionSettings: Sendable {
    var address: ServerAddress
    var handshake = ClientHandshake.standard
    var credentials = Credentials(scheme: .none)
    var userAgent = "nornicdb-load/1.0"
    /// Socket send and receive timeout in seconds, which also bounds the time one reply may take.
    var timeoutSeconds = 10.0
    /// Whether to send GOODBYE before closing; FalkorDB's Bolt endpoint fails the next
    /// connection's handshake after one that ended with GOODBYE, so the default is off.
    var sendsGoodbye = false

    /// Opens a connection and logs in as connection number `index`.
    func openConnection(index: Int) throws(BoltClientError) -> BoltConnection {
        let connection = try BoltConnection(address: address, handshake: handshake, timeoutSeconds: timeoutSeconds)
        try connection.logIn(credentials: credentials, connectionIndex: index, userAgent: userAgent)
        return connection
    }

    /// Sends GOODBYE when ``sendsGoodbye`` is set; the caller then drops the connection,
    /// which closes it.
    func finish(_ connection: BoltConnection) {
        if sendsGoodbye {
            connection.sendGoodbye()
        }
    }
}

/// The timing of a measured scenario.
struct Timing: Sendable {
    /// Seconds of operations that are run but not recorded, after all connections are ready.
    var warmupSeconds = 1.0
    /// Seconds of recorded operations after the warm-up.
    var durationSeconds = 10.0
}

/// The measured operations of one connection count, as one report row.
struct ScenarioResult: Sendable {
    let scenario: String
    let target: String
    let connections: Int
    let durationSeconds: Double
    let latency: LatencySummary
    let errors: Int
    let firstError: String?

    var operations: Int { latency.count }
    var rate: Double { durationSeconds > 0 ? Double(operations) / durationSeconds : 0 }

    init(scenario: String, target: String, connections: Int, timing: Timing, workers: [WorkerResult]) {
        var latencies: [UInt64] = []
        latencies.reserveCapacity(workers.reduce(0) { $0 + $1.latencies.count })
        for worker in workers {
            latencies += worker.latencies
        }
        self.scenario = scenario
        self.target = target
        self.connections = connections
        durationSeconds = timing.durationSeconds
        latency = LatencySummary(sorting: &latencies)
        errors = workers.reduce(0) { $0 + $1.errors }
        firstError = workers.lazy.compactMap(\.firstError).first
    }
}
