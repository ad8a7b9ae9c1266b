public import Host

#if canImport(Glibc)
    internal import Glibc
#endif

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
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if descriptor >= 0 { return try create(descriptor: descriptor, path: path) }
        guard errno == EEXIST else { throw failure("cannot create", path) }
        return try load(path)
    }

    private static func create(descriptor: Int32, path: String) throws(JWTConfigurationError) -> Secret {
        defer { close(descriptor) }
        let text = Base64URL.encode(Crypto.randomBytes(randomByteCount))
        let contents = Array((text + "\n").utf8)
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            let reason = failure("cannot write", path)
            unlink(path)
            throw reason
        }
        return Secret(text)
    }

    private static func load(_ path: String) throws(JWTConfigurationError) -> Secret {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw failure("cannot open", path) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot inspect", path) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw JWTConfigurationError("The JWT secret file \(path) is not a regular file.")
        }
        guard status.st_mode & 0o077 == 0 else {
            let mode = String(status.st_mode & 0o777, radix: 8)
            throw JWTConfigurationError(
                "The JWT secret file \(path) is readable or writable by group or others (mode \(mode)); "
                    + "run `chmod 600 \(path)` and restart."
            )
        }
        guard status.st_uid == getuid() else {
            throw JWTConfigurationError(
                "The JWT secret file \(path) is owned by another user; the server's user must own it."
            )
        }

        // A valid file has 87 bytes; reading a little more detects a file that is too long.
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw failure("cannot read", path) }
        var text = String(decoding: buffer.prefix(count), as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        guard let bytes = Base64URL.decode(text), bytes.count >= 32, count < buffer.count else {
            throw JWTConfigurationError(
                "The JWT secret file \(path) does not hold a base64url secret of at least 32 bytes; "
                    + "delete it to generate a new secret, which logs out every token holder."
            )
        }
        return Secret(text)
    }

    private static func failure(_ action: String, _ path: String) -> JWTConfigurationError {
        let reason = String(cString: strerror(errno))
        return JWTConfigurationError("The server \(action) the JWT secret file \(path): \(reason).")
    }
}
