public import Host

/// The server's ``TokenService``: signs login and cluster tokens with the current JWT secret,
/// describes tokens for revocation and keeps the revocation list.
///
/// Every token carries a fresh `jti` (16 random bytes, base64url), `iss` and `iat`, and `iss` is
/// the same in login and cluster tokens. A login token also carries `local_account: true` and
/// `issuer_node`, the ``JWTNodeIdentity`` of this server, so servers that share the JWT secret
/// but keep their own accounts reject each other's login tokens. A cluster token has no
/// `issuer_node`, so every server with the secret accepts it. Its subject is
/// `cluster:<node id>`. A colon cannot occur in a local account name, so a cluster token can
/// never act as a local account, and its roles always come from the token.
public struct JWTTokenService: TokenService {
    /// The prefix of a cluster token's `sub`.
    public static let clusterSubjectPrefix = "cluster:"
    /// The maximum length of a node id, in characters.
    public static let maximumNodeIDLength = 128

    public let signer: JWTSigner
    /// Verifies tokens for ``describe(_:)``. Its leeway is added to the expiry a revocation is
    /// kept for, so it should be the verifier that ``JWTProvider`` uses.
    public let verifier: JWTVerifier
    public let revocations: RevocationList
    /// The `iss` of every token issued.
    public let issuer: String
    /// The `issuer_node` of every login token issued.
    public let node: JWTNodeIdentity
    public let loginTokenLifetime: Int64
    private let clock: @Sendable () -> Int64

    /// - Parameters:
    ///   - node: this server's identity, which must be the one its ``JWTProvider`` checks. The
    ///     default is ``JWTNodeIdentity/process``, which only suits tests and token-minting
    ///     tools that issue no login tokens.
    ///   - loginTokenLifetime: the lifetime of login tokens in seconds; must be positive.
    ///   - clock: the current time in seconds since the epoch, used for `iat` and `exp`.
    public init(
        signer: JWTSigner,
        verifier: JWTVerifier,
        revocations: RevocationList,
        issuer: String = "nornicdb",
        node: JWTNodeIdentity = .process,
        loginTokenLifetime: Int64,
        clock: @escaping @Sendable () -> Int64 = { UnixTime.now() }
    ) {
        precondition(loginTokenLifetime > 0, "a login token lifetime must be positive")
        self.signer = signer
        self.verifier = verifier
        self.revocations = revocations
        self.issuer = issuer
        self.node = node
        self.loginTokenLifetime = loginTokenLifetime
        self.clock = clock
    }

    public func issueLoginToken(for account: Account) -> IssuedToken {
        let claims = JWTSigner.loginClaims(
            for: account,
            now: clock(),
            lifetime: loginTokenLifetime,
            issuer: issuer,
            node: node
        )
        return issue(claims)
    }

    /// Signs a cluster token: `sub` is `cluster:<nodeID>`, `roles` is `[role]`, `node_id` is
    /// `nodeID`, and `exp` is set only when `lifetime` is given.
    ///
    /// - Throws: `InvalidArguments` when the role is not a built-in role, the node id is not 1 to
    ///   128 ASCII letters, digits, `-`, `_` or `.`, or the lifetime is not positive or ends
    ///   after the year 9999.
    public func issueClusterToken(nodeID: String, role: String, lifetime: Int64?) throws(ServerError) -> IssuedToken {
        guard Role.named(role) != nil else {
            let known = Role.builtIn.map(\.name).joined(separator: ", ")
            throw ServerError(.invalidArguments, "Role '\(role)' does not exist; the roles are \(known).")
        }
        guard Self.isValidNodeID(nodeID) else {
            throw ServerError(
                .invalidArguments,
                "Invalid node id '\(nodeID.prefix(Self.maximumNodeIDLength))': use 1 to "
                    + "\(Self.maximumNodeIDLength) ASCII letters, digits, '-', '_' or '.'."
            )
        }
        let now = clock()
        var expiresAt: Int64?
        if let lifetime {
            // Clamping `now` keeps the subtraction from overflowing with any clock value.
            let latest = JWTClaims.maximumNumericDate - min(max(now, 0), JWTClaims.maximumNumericDate)
            guard lifetime > 0, lifetime <= latest else {
                throw ServerError(
                    .invalidArguments,
                    "Invalid cluster token lifetime \(lifetime): use a positive number of seconds that ends "
                        + "before the year 10000, or no lifetime for a token that never expires."
                )
            }
            expiresAt = now + lifetime
        }
        let claims = JWTClaims(
            subject: Self.clusterSubjectPrefix + nodeID,
            roles: [role],
            issuedAt: now,
            expiresAt: expiresAt,
            tokenID: JWTSigner.newTokenID(),
            issuer: issuer,
            nodeID: nodeID
        )
        return issue(claims)
    }

    /// Verifies the signature with the current and previous secrets, ignoring `exp`, `nbf` and
    /// `iat`, so an expired token can still be revoked.
    ///
    /// - Throws: `Unauthorized` for a malformed or forged token.
    public func describe(_ token: Secret) throws(ServerError) -> TokenDescription {
        let claims = try verifier.verifySignature(token)
        return TokenDescription(tokenID: claims.tokenID, subject: claims.subject, expiresAt: claims.expiresAt)
    }

    /// Revokes the token and keeps the record until `expiresAt` plus the verifier's leeway,
    /// when the provider stops accepting the token anyway.
    public func revoke(tokenID: String, expiresAt: Int64?) async throws {
        let keptUntil = expiresAt.map { expiry in
            let (sum, overflow) = expiry.addingReportingOverflow(verifier.policy.leeway)
            return overflow ? Int64.max : sum
        }
        try await revocations.revoke(tokenID: tokenID, expiresAt: keptUntil)
    }

    public func isRevoked(tokenID: String) -> Bool { revocations.isRevoked(tokenID) }

    /// True for 1 to ``maximumNodeIDLength`` ASCII letters, digits, `-`, `_` or `.`.
    public static func isValidNodeID(_ nodeID: String) -> Bool {
        guard !nodeID.isEmpty, nodeID.utf8.count <= maximumNodeIDLength else { return false }
        return nodeID.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                true
            default:
                false
            }
        }
    }

    private func issue(_ claims: JWTClaims) -> IssuedToken {
        IssuedToken(
            token: Secret(signer.sign(claims)),
            // Both claims are set by the callers above; the fallbacks are never used.
            tokenID: claims.tokenID ?? "",
            subject: claims.subject,
            issuedAt: claims.issuedAt ?? clock(),
            expiresAt: claims.expiresAt
        )
    }
}
