public import Host

/// The generated JWT secret kept in the data directory when none is configured.
///
/// The file contains 64 random bytes in unpadded base64url (86 characters) and a newline. The
/// returned ``Secret`` is that text, so its HMAC key is the 86 ASCII bytes (512 bits of entropy).
/// Keeping the secret across restarts keeps issued tokens valid.
public enum JWTSecretFile {
    /// The number of random bytes in a generated secret.
    public static let randomByteCount = 64

    /// Reads the secret at `path`, or creates the file with a new secret when it does not exist.
    ///
    /// A new file is created exclusively with mode 0600, so two starting servers cannot both
    /// write one. An existing file must be a regular file owned by this user and closed to group
    /// and others, and must contain a canonical base64url secret of at least 32 bytes.
    ///
    /// - Throws: ``JWTConfigurationError`` naming the path and the fix.
    public static func loadOrCreate(at path: String) throws(JWTConfigurationError) -> Secret {
        // A valid file has 87 bytes; the limit leaves room for a longer secret written by hand.
        let file = try PrivateFile.loadOrCreate(at: path, kind: "JWT secret file", maximumLength: 1023) {
            Base64URL.encode(Crypto.randomBytes(randomByteCount))
        }
        guard let text = file.text, let bytes = Base64URL.decode(text), bytes.count >= 32 else {
            throw JWTConfigurationError(
                "The JWT secret file \(path) does not hold a base64url secret of at least 32 bytes; "
                    + "delete it to generate a new secret, which logs out every token holder."
            )
        }
        return Secret(text)
    }
}
