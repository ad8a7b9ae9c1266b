import Host
import JWTAuth

/// This server's node identity, kept in the data directory, which binds the login tokens it
/// issues to it.
///
/// The file is created on the first start and reused afterwards, so login tokens survive
/// restarts. Deleting it invalidates every login token this data directory's server issued.
enum NodeIdentity {
    static let fileName = "node-id"

    /// Loads the identity, creating the file on the first start.
    ///
    /// - Throws: `JWTConfigurationError` when the file cannot be created, is open to group or
    ///   others, or does not contain an identity.
    static func load(_ configuration: Configuration, logger: Logger) throws -> JWTNodeIdentity {
        let path = configuration.dataDirectory + "/" + fileName
        let (identity, created) = try JWTNodeIdentity.loadOrCreate(at: path)
        // The identity is no secret: every login token carries it in the `issuer_node` claim.
        logger.info(
            created ? "created a new node identity in \(path)" : "using the node identity kept in \(path)",
            metadata: ["node.identity": identity.value]
        )
        return identity
    }
}
