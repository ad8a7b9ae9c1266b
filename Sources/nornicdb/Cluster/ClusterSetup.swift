import Host
import JWTAuth
import PostgreSQLStore

/// Opens and registers this server's cluster membership when `NORNICDB_CLUSTER_NODE_ID` is set.
enum ClusterSetup {
    /// Connects the membership on `pool`, or returns nil outside cluster mode. The storage must be
    /// open already, because opening it migrates the members table.
    static func open(_ configuration: Configuration, pool: BlockingPool, logger: Logger) async throws
        -> PostgreSQLClusterMembership?
    {
        guard configuration.cluster.isEnabled, case .postgreSQL(let url) = configuration.storage else { return nil }
        let settings = configuration.cluster
        return try await pool.run {
            try PostgreSQLClusterMembership(
                url: url,
                settings: settings,
                newIdentity: JWTNodeIdentity.random().value,
                logger: logger.with(label: "cluster")
            )
        }
    }

    /// Returns the identity written into login tokens: the one every member shares in cluster
    /// mode, since members share the accounts, or else the data directory's own.
    static func tokenIssuer(
        _ configuration: Configuration,
        membership: PostgreSQLClusterMembership?,
        logger: Logger
    ) throws -> JWTNodeIdentity {
        guard let membership else { return try NodeIdentity.load(configuration, logger: logger) }
        guard let identity = JWTNodeIdentity(membership.tokenIssuerIdentity) else {
            throw ConfigurationError(
                "The token_issuer_node row of nornicdb.cluster_settings in PostgreSQL is not a node identity; "
                    + "delete the row to generate a new one, which invalidates every login token the cluster issued."
            )
        }
        logger.info(
            "using the cluster's shared node identity for login tokens",
            metadata: ["node.identity": identity.value]
        )
        return identity
    }

    /// Registers this node with its advertised address, on `pool` because it blocks.
    static func register(
        _ membership: PostgreSQLClusterMembership,
        configuration: Configuration,
        pool: BlockingPool,
        logger: Logger
    ) async throws {
        let address: String
        if let advertised = configuration.cluster.advertisedAddress {
            address = advertised
        } else {
            let host = configuration.address.contains(":") ? "[\(configuration.address)]" : configuration.address
            address = "\(host):\(configuration.boltPort)"
            if configuration.address == "0.0.0.0" || configuration.address == "::" {
                logger.warning(
                    "This cluster member advertises the wildcard address \(address), which clients cannot reach; "
                        + "set NORNICDB_CLUSTER_ADVERTISE_ADDR"
                )
            }
        }
        try await pool.run { try membership.register(address: address, version: ServerInfo.version) }
    }
}
