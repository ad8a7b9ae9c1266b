public import Host

/// A JWT configuration that cannot be used, with a message that names the setting to fix.
///
/// The message never contains the secret itself.
public struct JWTConfigurationError: Error, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The HMAC secrets tokens are signed and verified with, and the algorithms they are used with.
///
/// Tokens are signed with the current secret. Previous secrets verify tokens only, so a secret
/// can be rotated without logging everyone out: configure the new secret as current and the old
/// one as previous until the old tokens have expired. Verification tries the current secret
/// first, then the previous ones in order. A header field such as `kid` never selects the key.
///
/// Each secret's HMAC key is the UTF-8 encoding of the configured string, or the given bytes.
public struct JWTKeySet: Sendable, CustomStringConvertible, CustomReflectable {
    /// The algorithm new tokens are signed with.
    public let signingAlgorithm: JWTAlgorithm
    /// The algorithms a token's `alg` may name. The default is the signing algorithm alone,
    /// because RFC 8725 section 3.1 requires verifiers to use only the algorithms they configure.
    public let acceptedAlgorithms: Set<JWTAlgorithm>
    /// The current key first, then the previous ones. Never empty, and no key is empty.
    let keys: [[UInt8]]

    /// Validates the secrets and builds the key set.
    ///
    /// - Parameters:
    ///   - current: the signing secret.
    ///   - previous: older secrets still accepted for verification.
    ///   - variable: the setting the current secret came from, named in errors.
    ///   - previousVariable: the setting the previous secrets came from, named in errors.
    /// - Throws: ``JWTConfigurationError`` when a secret is shorter than the longest MAC of the
    ///   accepted algorithms (32 bytes for HS256), or is a known placeholder or trivially weak.
    public init(
        current: Secret,
        previous: [Secret] = [],
        signingAlgorithm: JWTAlgorithm = .hs256,
        acceptedAlgorithms: Set<JWTAlgorithm>? = nil,
        variable: String = "NORNICDB_JWT_SECRET",
        previousVariable: String = "NORNICDB_JWT_PREVIOUS_SECRETS"
    ) throws(JWTConfigurationError) {
        try self.init(
            currentKey: Array(current.reveal().utf8),
            previousKeys: previous.map { Array($0.reveal().utf8) },
            signingAlgorithm: signingAlgorithm,
            acceptedAlgorithms: acceptedAlgorithms,
            variable: variable,
            previousVariable: previousVariable
        )
    }

    /// Validates raw key bytes and builds the key set; the rules are those of
    /// ``init(current:previous:signingAlgorithm:acceptedAlgorithms:variable:previousVariable:)``.
    public init(
        currentKey: [UInt8],
        previousKeys: [[UInt8]] = [],
        signingAlgorithm: JWTAlgorithm = .hs256,
        acceptedAlgorithms: Set<JWTAlgorithm>? = nil,
        variable: String = "NORNICDB_JWT_SECRET",
        previousVariable: String = "NORNICDB_JWT_PREVIOUS_SECRETS"
    ) throws(JWTConfigurationError) {
        let accepted = acceptedAlgorithms ?? [signingAlgorithm]
        guard accepted.contains(signingAlgorithm) else {
            throw JWTConfigurationError(
                "The JWT signing algorithm \(signingAlgorithm.name) must be one of the accepted algorithms."
            )
        }
        let minimumLength = accepted.map(\.digestLength).max() ?? signingAlgorithm.digestLength
        try WeakSecretCheck.validate(currentKey, minimumLength: minimumLength, variable: variable)
        for key in previousKeys {
            try WeakSecretCheck.validate(key, minimumLength: minimumLength, variable: previousVariable)
        }
        self.init(unvalidatedKeys: [currentKey] + previousKeys, signingAlgorithm: signingAlgorithm, accepted: accepted)
    }

    /// Builds a key set without the strength checks, for published test vectors whose keys are
    /// deliberately weak (for example 32 zero bytes). Empty keys are still a programming error.
    init(unvalidatedKeys keys: [[UInt8]], signingAlgorithm: JWTAlgorithm, accepted: Set<JWTAlgorithm>) {
        precondition(!keys.isEmpty && keys.allSatisfy { !$0.isEmpty }, "a JWT key set needs non-empty keys")
        self.keys = keys
        self.signingAlgorithm = signingAlgorithm
        self.acceptedAlgorithms = accepted
    }

    var signingKey: [UInt8] { keys[0] }

    public var description: String {
        let accepted = acceptedAlgorithms.map(\.name).sorted().joined(separator: ", ")
        return "JWTKeySet(signing: \(signingAlgorithm.name), accepted: [\(accepted)], previous keys: \(keys.count - 1))"
    }

    // The keys stay out of `dump` and debugger output.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["signingAlgorithm": signingAlgorithm, "acceptedAlgorithms": acceptedAlgorithms],
            displayStyle: .struct
        )
    }
}
