import Host
import JWTAuth

/// The JWT key set from `NORNICDB_JWT_SECRET` or a secret kept in the data directory, plus the
/// earlier secrets of `NORNICDB_JWT_PREVIOUS_SECRETS`.
enum JWTKeys {
    static let secretFileName = "jwt-secret"

    /// Loads the keys: new tokens are signed with the current secret, and tokens signed with
    /// the current or a previous secret verify.
    ///
    /// HS256 is always accepted. HS384 and HS512 are accepted only when every secret, current
    /// and previous, is at least as long as their MAC (48 and 64 bytes), as RFC 7518 section 3.2
    /// requires of each key that verifies them.
    static func load(_ configuration: Configuration, logger: Logger) throws -> JWTKeySet {
        let secret: Secret
        if let configured = configuration.jwtSecret {
            secret = configured
        } else {
            let path = configuration.dataDirectory + "/" + secretFileName
            secret = try JWTSecretFile.loadOrCreate(at: path)
            logger.info("using the JWT secret kept in \(path)")
        }
        let previous = configuration.jwtPreviousSecrets
        let length = ([secret] + previous).map { $0.reveal().utf8.count }.min() ?? 0
        let accepted = Set(JWTAlgorithm.allCases.filter { $0.digestLength <= length })
        logger.debug("JWT algorithms accepted: \(accepted.map(\.name).sorted().joined(separator: ", "))")
        if !previous.isEmpty {
            logger.info(
                "tokens signed with a previous JWT secret are still accepted",
                metadata: ["jwt.previous_secrets": "\(previous.count)"]
            )
        }
        return try JWTKeySet(
            current: secret,
            previous: previous,
            signingAlgorithm: .hs256,
            acceptedAlgorithms: accepted
        )
    }
}
