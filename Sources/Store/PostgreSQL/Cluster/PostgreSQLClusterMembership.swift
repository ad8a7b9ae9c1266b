internal import Foundation
public import Host
internal import Synchronization

/// This server's membership in a cluster of servers that share one PostgreSQL database, kept in
/// the `nornicdb.members` table.
///
/// ``register(address:version:)`` inserts or takes over this node id's row, and fails while
/// another live process owns it. A dedicated thread then updates the row's heartbeat every
/// interval and rereads the table, so ``members()`` returns a recent list without blocking.
/// ``leave()`` stops the thread and marks the row gone. Heartbeat ages use PostgreSQL's
/// `now()`, so the members' clocks need not agree.
public final class PostgreSQLClusterMembership: ClusterView {
    /// The connection and the flags of the threads that use it, locked during PostgreSQL calls.
    private struct State {
        var connection: PostgreSQLConnection?
        /// True after a heartbeat failed, so only the first failure and the recovery are logged.
        var isFailing = false
        /// True after another process took over this node id, so that is logged once.
        var wasTakenOver = false
    }

    /// The members as last read, under a lock of its own, so ``members()`` never waits for a
    /// PostgreSQL call.
    private struct Snapshot {
        var members: [ClusterMember] = []
        /// The monotonic time of the last successful read of the table, in nanoseconds.
        var readAt: UInt64 = 0
    }

    /// The time after its last heartbeat that a member's row is kept and listed as down or left,
    /// in seconds; a registering member deletes older rows.
    static let retentionSeconds: Int64 = 86_400

    public let nodeID: String
    public private(set) var advertisedAddress: String {
        get { address.withLock { $0 } }
        set { address.withLock { $0 = newValue } }
    }
    /// The ``JWTNodeIdentity`` value that every member writes into login tokens, so a token
    /// issued by one member works on all of them.
    public let tokenIssuerIdentity: String

    private let address = Mutex("")
    private let settings: ClusterSettings
    private let connectionString: String
    private let redactedURL: String
    private let logger: Logger
    private let incarnation = UUID().uuidString.lowercased()
    private let state = Mutex(State())
    private let snapshot = Mutex(Snapshot())
    private let stopSignal = DispatchSemaphore(value: 0)
    private let stoppedSignal = DispatchSemaphore(value: 0)
    private let isRunning = Atomic<Bool>(false)

    /// Connects and reads (or creates) the shared token issuer identity. The catalogue must
    /// already be migrated, as ``PostgreSQLGraphStore`` does when it opens.
    ///
    /// - Parameter newIdentity: the identity stored when the database has none yet.
    /// - Throws: `Neo.TransientError.General.DatabaseUnavailable` if PostgreSQL cannot be reached.
    public init(
        url: PostgreSQLURL,
        settings: ClusterSettings,
        newIdentity: String,
        logger: Logger = Logger(label: "nornicdb.cluster")
    ) throws {
        guard let nodeID = settings.nodeID else {
            preconditionFailure("cluster membership needs a node id")
        }
        self.nodeID = nodeID
        self.settings = settings
        self.connectionString = url.connectionString(defaults: PostgreSQLGraphStore.connectionDefaults)
        self.redactedURL = url.redacted
        self.logger = logger
        let connection = try PostgreSQLConnection.connect(
            connectionString: connectionString,
            redactedURL: redactedURL,
            logger: logger
        )
        connection.databaseName = "system"
        try connection.query(
            "INSERT INTO nornicdb.cluster_settings (key, value) VALUES ('token_issuer_node', $1) "
                + "ON CONFLICT (key) DO NOTHING",
            [.text(newIdentity)]
        )
        let rows = try connection.query("SELECT value FROM nornicdb.cluster_settings WHERE key = 'token_issuer_node'")
        self.tokenIssuerIdentity = rows.text(0, 0)
        state.withLock { $0.connection = connection }
    }

    deinit { stopHeartbeats() }

    /// Registers this node at `address` and starts the heartbeat thread.
    ///
    /// - Throws: `Neo.ClientError.General.InvalidArguments` when a live member already uses this
    ///   node id, storage errors when PostgreSQL fails.
    public func register(address: String, version: String) throws {
        advertisedAddress = address
        try state.withLock { state in
            let connection = try openConnection(&state)
            let rows = try connection.query(
                """
                INSERT INTO nornicdb.members AS m (node_id, address, version, incarnation, started_at, last_heartbeat)
                VALUES ($1, $2, $3, $4, now(), now())
                ON CONFLICT (node_id) DO UPDATE SET address = excluded.address, version = excluded.version,
                    incarnation = excluded.incarnation, started_at = now(), last_heartbeat = now(), gone = false
                WHERE m.gone OR m.last_heartbeat < now() - make_interval(secs => $5)
                RETURNING node_id
                """,
                [
                    .text(nodeID), .text(address), .text(version), .text(incarnation),
                    .int64(settings.memberTimeoutSeconds),
                ]
            )
            guard rows.rowCount == 1 else {
                throw ServerError(
                    .invalidArguments,
                    "Cluster node id '\(nodeID)' is in use by a live member whose heartbeat is newer than "
                        + "\(settings.memberTimeoutSeconds)s; give this server another NORNICDB_CLUSTER_NODE_ID, or "
                        + "stop the other one and wait for its heartbeat to time out."
                )
            }
            let purged = try connection.query(
                "DELETE FROM nornicdb.members WHERE last_heartbeat < now() - make_interval(secs => $1) RETURNING node_id",
                [.int64(Self.retentionSeconds)]
            )
            if purged.rowCount > 0 {
                logger.info(
                    "Removed members without a heartbeat for a day from the members table",
                    metadata: ["cluster.removed": String(purged.rowCount)]
                )
            }
            try readMembers(connection, into: &state)
        }
        logger.info(
            "Joined the cluster",
            metadata: ["cluster.node_id": nodeID, "cluster.address": address, "db.url": redactedURL]
        )
        isRunning.store(true, ordering: .releasing)
        let thread = Thread { [self] in runHeartbeats() }
        thread.name = "cluster-heartbeat"
        thread.start()
    }

    public func members() -> [ClusterMember] {
        let (members, readAt) = snapshot.withLock { ($0.members, $0.readAt) }
        // Members age while the heartbeat thread cannot reach PostgreSQL, so a node cut off from
        // the database stops routing clients to the others once the timeout passes.
        let staleness = Int64((DispatchTime.now().uptimeNanoseconds - readAt) / 1_000_000)
        let timeout = settings.memberTimeoutSeconds * 1_000
        return members.map { member in
            var aged = member
            aged.heartbeatAgeMilliseconds += member.nodeID == nodeID ? 0 : staleness
            aged.isLive = !aged.hasLeft && (aged.nodeID == nodeID || aged.heartbeatAgeMilliseconds < timeout)
            return aged
        }
    }

    /// Stops the heartbeats and marks this node gone, so the other members drop it from their
    /// routing tables at once instead of after the member timeout.
    public func leave() {
        stopHeartbeats()
        state.withLock { state in
            guard let connection = state.connection else { return }
            do {
                try connection.query(
                    "UPDATE nornicdb.members SET gone = true WHERE node_id = $1 AND incarnation = $2",
                    [.text(nodeID), .text(incarnation)]
                )
                logger.info("Left the cluster", metadata: ["cluster.node_id": nodeID])
            } catch {
                logger.warning(
                    "Cannot mark this node gone; the others drop it after the member timeout",
                    metadata: ["cluster.node_id": nodeID, "error": "\(error)"]
                )
            }
            connection.close()
            state.connection = nil
        }
    }

    // MARK: Heartbeats

    private func stopHeartbeats() {
        guard isRunning.exchange(false, ordering: .acquiringAndReleasing) else { return }
        stopSignal.signal()
        stoppedSignal.wait()
    }

    private func runHeartbeats() {
        let interval = DispatchTimeInterval.seconds(Int(settings.heartbeatIntervalSeconds))
        while stopSignal.wait(timeout: .now() + interval) == .timedOut {
            beat()
        }
        stoppedSignal.signal()
    }

    private func beat() {
        state.withLock { state in
            do {
                let connection = try openConnection(&state)
                try connection.query(
                    "UPDATE nornicdb.members SET last_heartbeat = now() WHERE node_id = $1 AND incarnation = $2",
                    [.text(nodeID), .text(incarnation)]
                )
                try readMembers(connection, into: &state)
                if state.isFailing {
                    state.isFailing = false
                    logger.info("Cluster heartbeats resumed", metadata: ["cluster.node_id": nodeID])
                }
            } catch {
                if let connection = state.connection, !connection.isUsable {
                    connection.close()
                    state.connection = nil
                }
                if !state.isFailing {
                    state.isFailing = true
                    logger.warning(
                        "Cluster heartbeat failed; retrying every interval",
                        metadata: ["cluster.node_id": nodeID, "error": "\(error)"]
                    )
                }
            }
        }
    }

    private func openConnection(_ state: inout State) throws -> PostgreSQLConnection {
        if let connection = state.connection, connection.isUsable { return connection }
        state.connection?.close()
        let connection = try PostgreSQLConnection.connect(
            connectionString: connectionString,
            redactedURL: redactedURL,
            logger: logger
        )
        state.connection = connection
        return connection
    }

    private func readMembers(_ connection: PostgreSQLConnection, into state: inout State) throws {
        let rows = try connection.query(
            """
            SELECT node_id, address, version, extract(epoch FROM started_at)::bigint,
                (extract(epoch FROM now() - last_heartbeat) * 1000)::bigint, gone, incarnation
            FROM nornicdb.members ORDER BY node_id
            """
        )
        var members: [ClusterMember] = []
        for row in 0..<rows.rowCount {
            let id = rows.text(row, 0)
            let isSelf = id == nodeID && rows.text(row, 6) == incarnation
            if id == nodeID && !isSelf && !state.wasTakenOver {
                state.wasTakenOver = true
                logger.error(
                    "Another process took over this cluster node id after this node's heartbeat timed out",
                    metadata: ["cluster.node_id": nodeID]
                )
            }
            members.append(
                ClusterMember(
                    nodeID: id,
                    address: rows.text(row, 1),
                    version: rows.text(row, 2),
                    startedAt: rows.int64(row, 3),
                    heartbeatAgeMilliseconds: isSelf ? 0 : rows.int64(row, 4),
                    hasLeft: rows.boolean(row, 5),
                    isLive: false
                )
            )
        }
        let readAt = DispatchTime.now().uptimeNanoseconds
        snapshot.withLock { $0 = Snapshot(members: members, readAt: readAt) }
    }
}
