import Host
import PostgreSQLStore

/// Keeps this server's in-memory security state in step with the other servers that share its
/// PostgreSQL database.
enum ClusterSync {
    /// Starts listening for other servers' security changes; returns nil with SQLite storage,
    /// which no other server shares.
    static func startListener(
        _ configuration: Configuration,
        invalidation: SecurityCacheInvalidation,
        logger: Logger
    ) -> PostgreSQLSecurityListener? {
        guard case .postgreSQL(let url) = configuration.storage else { return nil }
        let listener = PostgreSQLSecurityListener(
            url: url,
            logger: logger.with(label: "cluster-sync"),
            changed: { change in try invalidation.apply(change) },
            resubscribed: { try invalidation.reloadAll() }
        )
        listener.start()
        return listener
    }
}
