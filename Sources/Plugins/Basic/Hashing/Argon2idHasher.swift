internal import CArgon2
internal import COpenSSL
public import Host

/// Argon2id password hashing with libargon2 (RFC 9106), producing PHC strings such as
/// `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
///
/// Each hash gets a fresh 16-byte salt from OpenSSL's CSPRNG and a 32-byte output. Verification
/// reads the parameters from the stored string, so hashes made with older parameters still
/// verify after the defaults change. libargon2 compares hashes in constant time.
public struct Argon2idHasher: PasswordHasher {
    /// The cost parameters of new hashes.
    public struct Parameters: Sendable, Equatable {
        /// Memory in KiB; at least 8 per lane.
        public var memoryKiB: UInt32
        /// Passes over the memory.
        public var iterations: UInt32
        /// Lanes, each filled by its own thread.
        public var parallelism: UInt32

        public init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
            self.memoryKiB = memoryKiB
            self.iterations = iterations
            self.parallelism = parallelism
        }

        /// OWASP's Password Storage Cheat Sheet minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
        public static let production = Parameters(memoryKiB: 19_456, iterations: 2, parallelism: 1)

        /// A cheap setting for tests only; it gives no protection against offline guessing.
        public static let testing = Parameters(memoryKiB: 64, iterations: 1, parallelism: 1)
    }

    public static let saltLength = 16
    public static let hashLength = 32

    public let parameters: Parameters

    public init(parameters: Parameters = .production) {
        precondition(parameters.parallelism >= 1, "Argon2 needs at least one lane")
        precondition(parameters.iterations >= 1, "Argon2 needs at least one pass")
        precondition(parameters.memoryKiB >= 8 * parameters.parallelism, "Argon2 needs at least 8 KiB per lane")
        self.parameters = parameters
    }

    /// Hashes `password` with a new salt; blocks for the configured cost.
    public func hash(_ password: Secret) throws -> String {
        var passwordBytes = Array(password.reveal().utf8)
        defer { wipe(&passwordBytes) }
        let salt = Crypto.randomBytes(Self.saltLength)
        let (memory, iterations, lanes) = (parameters.memoryKiB, parameters.iterations, parameters.parallelism)
        // The length includes the terminating NUL.
        let encodedLength = argon2_encodedlen(
            iterations,
            memory,
            lanes,
            UInt32(Self.saltLength),
            UInt32(Self.hashLength),
            Argon2_id
        )
        var encoded = [CChar](repeating: 0, count: encodedLength)
        let status = passwordBytes.withUnsafeBytes { passwordBuffer in
            salt.withUnsafeBytes { saltBuffer in
                argon2id_hash_encoded(
                    iterations,
                    memory,
                    lanes,
                    passwordBuffer.baseAddress,
                    passwordBuffer.count,
                    saltBuffer.baseAddress,
                    saltBuffer.count,
                    Self.hashLength,
                    &encoded,
                    encodedLength
                )
            }
        }
        guard status == ARGON2_OK.rawValue else { throw Argon2Error(code: status) }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Returns whether `password` matches `encoded`; blocks for the cost stored in `encoded`.
    ///
    /// - Throws: ``Argon2Error`` when `encoded` is not an Argon2id PHC string libargon2 accepts.
    public func verify(_ password: Secret, against encoded: String) throws -> Bool {
        guard encoded.hasPrefix("$argon2id$") else { throw Argon2Error(code: ARGON2_DECODING_FAIL.rawValue) }
        var passwordBytes = Array(password.reveal().utf8)
        defer { wipe(&passwordBytes) }
        let status = passwordBytes.withUnsafeBytes { passwordBuffer in
            argon2id_verify(encoded, passwordBuffer.baseAddress, passwordBuffer.count)
        }
        switch status {
        case ARGON2_OK.rawValue: return true
        case ARGON2_VERIFY_MISMATCH.rawValue: return false
        default: throw Argon2Error(code: status)
        }
    }

    private func wipe(_ bytes: inout [UInt8]) {
        // OPENSSL_cleanse is not removed by the optimizer, unlike a plain loop of stores.
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
    }
}

/// A libargon2 failure: a malformed stored hash, bad parameters or an allocation failure.
public struct Argon2Error: Error, Equatable, CustomStringConvertible {
    /// libargon2's `Argon2_ErrorCodes` value.
    public let code: Int32

    public init(code: Int32) { self.code = code }

    public var description: String {
        "Argon2 failed: \(String(cString: argon2_error_message(code))) (code \(code))"
    }
}
