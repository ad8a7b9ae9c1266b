import Host

/// The stable random identity of one server's data directory, which binds login tokens to the
/// server that issued them.
///
/// Servers that share a JWT secret accept each other's cluster tokens, but each keeps its own
/// local accounts. ``JWTTokenService`` writes this identity into every login token as the
/// `issuer_node` claim, and ``JWTProvider`` accepts a `local_account` token only when that claim
/// names its own identity. The value is 16 random bytes in unpadded base64url (22 characters).
/// It is not a secret: every login token carries it in readable form.
public struct JWTNodeIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The number of random bytes in an identity.
    public static let randomByteCount = 16

    /// The identity as it appears in the file and in the `issuer_node` claim.
    public let value: String

    /// Accepts only canonical unpadded base64url of exactly ``randomByteCount`` bytes.
    public init?(_ value: String) {
        guard let bytes = Base64URL.decode(value), bytes.count == Self.randomByteCount else { return nil }
        self.value = value
    }

    /// Returns a new random identity.
    public static func random() -> JWTNodeIdentity {
        JWTNodeIdentity(unchecked: Base64URL.encode(Crypto.randomBytes(randomByteCount)))
    }

    /// An identity generated once per process: the default of ``JWTTokenService``,
    /// ``JWTProvider`` and ``JWTSigner/signToken(for:now:lifetime:issuer:audience:node:)``, so
    /// that they agree within one process.
    ///
    /// A server passes its data directory's identity instead. Login tokens bound to this one
    /// stop working when the process exits.
    public static let process = random()

    public var description: String { value }

    private init(unchecked value: String) { self.value = value }
}

extension JWTNodeIdentity {
    /// Reads the identity at `path`, or creates the file with a new identity when it does not
    /// exist.
    ///
    /// A new file is created exclusively with mode 0600, so two starting servers cannot both
    /// write one. An existing file must be a regular file owned by this user and closed to group
    /// and others, and must contain one identity and an optional newline.
    ///
    /// - Returns: the identity, and whether the file was created.
    /// - Throws: ``JWTConfigurationError`` naming the path and the fix.
    public static func loadOrCreate(at path: String) throws(JWTConfigurationError) -> (
        identity: JWTNodeIdentity, created: Bool
    ) {
        // A valid file has 23 bytes; anything much longer is not an identity.
        let file = try PrivateFile.loadOrCreate(at: path, kind: "node identity file", maximumLength: 64) {
            random().value
        }
        guard let text = file.text, let identity = JWTNodeIdentity(text) else {
            throw JWTConfigurationError(
                "The node identity file \(path) does not contain a node identity (\(randomByteCount) bytes in "
                    + "unpadded base64url); delete it to generate a new one, which invalidates every login "
                    + "token this server issued."
            )
        }
        return (identity, file.created)
    }
}
