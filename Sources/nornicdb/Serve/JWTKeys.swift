import Host
import JWTAuth

/// The JWT key set from `NORNICDB_JWT_SECRET`, or from a secret kept in the data directory.
enum JWTKeys {
    static let secretFileName = "jwt-secret"

    /// Loads the keys; HS384 and HS512 are accepted only when the secret is at least as long as
    /// their MAC (48 and 64 bytes), as RFC 7518 section 3.2 requires, and HS256 always.
    static func load(_ configuration: Configuration, logger: Logger) throws -> JWTKeySet {
        let secret: Secret
        if let configured = configuration.jwtSecret {
            secret = configured
        } else {
            let path = configuration.dataDirectory + "/" + secretFileName
            secret = try JWTSecretFile.loadOrCreate(at: path)
            logger.info("using the JWT secret kept in \(path)")
        }
        let length = secret.reveal().utf8.count
        let accepted = Set(JWTAlgorithm.allCases.filter { $0.digestLength <= length })
        logger.debug("JWT algorithms accepted: \(accepted.map(\.name).sorted().joined(separator: ", "))")
        return try JWTKeySet(current: secret, signingAlgorithm: .hs256, acceptedAlgorithms: accepted)
    }
}
