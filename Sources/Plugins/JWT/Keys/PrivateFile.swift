#if canImport(Glibc)
    internal import Glibc
#endif

/// A small owner-only file in the data directory that the server creates once and then reuses,
/// such as the generated JWT secret and the node identity.
///
/// A new file is created exclusively with mode 0600, so two starting servers cannot both write
/// one. An existing file must be a regular file owned by this user and closed to group and
/// others. Symbolic links are never followed. The caller validates the contents.
enum PrivateFile {
    /// Reads the text at `path`, or creates the file with `generate()` and a newline when it does
    /// not exist.
    ///
    /// - Parameters:
    ///   - kind: what the file is, such as "JWT secret file", named in errors.
    ///   - maximumLength: the longest accepted contents in bytes, newline included.
    /// - Returns: the text without its trailing newline, and whether the file was created. The
    ///   text is nil when the file is longer than `maximumLength`.
    /// - Throws: ``JWTConfigurationError`` naming the path and the fix.
    static func loadOrCreate(
        at path: String,
        kind: String,
        maximumLength: Int,
        generate: () -> String
    ) throws(JWTConfigurationError) -> (text: String?, created: Bool) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if descriptor >= 0 {
            let text = generate()
            try writeContents(text + "\n", to: descriptor, path: path, kind: kind)
            return (text, true)
        }
        guard errno == EEXIST else { throw failure("cannot create", path, kind) }
        return (try readContents(path, kind: kind, maximumLength: maximumLength), false)
    }

    private static func writeContents(
        _ text: String,
        to descriptor: Int32,
        path: String,
        kind: String
    ) throws(JWTConfigurationError) {
        defer { close(descriptor) }
        let contents = Array(text.utf8)
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            let reason = failure("cannot write", path, kind)
            // A partial file would be rejected on every later start, so it is removed.
            unlink(path)
            throw reason
        }
    }

    private static func readContents(_ path: String, kind: String, maximumLength: Int) throws(JWTConfigurationError)
        -> String?
    {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw failure("cannot open", path, kind) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot inspect", path, kind) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw JWTConfigurationError("The \(kind) \(path) is not a regular file.")
        }
        guard status.st_mode & 0o077 == 0 else {
            let mode = String(status.st_mode & 0o777, radix: 8)
            throw JWTConfigurationError(
                "The \(kind) \(path) is readable or writable by group or others (mode \(mode)); "
                    + "run `chmod 600 \(path)` and restart."
            )
        }
        guard status.st_uid == getuid() else {
            throw JWTConfigurationError("The \(kind) \(path) is owned by another user; the server's user must own it.")
        }

        // Reading one byte more than the limit detects a file that is too long.
        var buffer = [UInt8](repeating: 0, count: maximumLength + 1)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw failure("cannot read", path, kind) }
        guard count <= maximumLength else { return nil }
        var text = String(decoding: buffer.prefix(count), as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    private static func failure(_ action: String, _ path: String, _ kind: String) -> JWTConfigurationError {
        let reason = String(cString: strerror(errno))
        return JWTConfigurationError("The server \(action) the \(kind) \(path): \(reason).")
    }
}
