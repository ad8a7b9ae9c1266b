import Host

#if canImport(Glibc)
    internal import Glibc
#endif

/// Creates directories and database files readable only by their owner.
///
/// SQLite gives a database's `-wal` and `-shm` files the permissions of the database file
/// itself, so creating the main file as 0600 before SQLite opens it keeps all three private.
enum SecureFiles {
    /// Creates `path` and any missing parents with mode 0700.
    ///
    /// Directories that already exist keep their permissions: the data directory may be one
    /// an operator created on purpose, and changing the mode of, say, a shared parent would
    /// be worse than leaving it.
    static func createDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        let parent = parentPath(of: path)
        if !parent.isEmpty && parent != path { try createDirectory(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw failure("Cannot create the data directory", code: errno)
        }
        guard isDirectory(path) else { throw failure("The data directory path is not a directory", code: ENOTDIR) }
        // mkdir applies the umask; chmod sets the exact mode on the directory this call created.
        chmod(path, 0o700)
    }

    /// Creates the file at `path` if it is missing and sets its mode, and that of any `-wal`
    /// and `-shm` companions, to 0600.
    static func prepareDatabaseFile(_ path: String) throws {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("Cannot create a database file", code: errno) }
        close(descriptor)
        for file in [path, path + "-wal", path + "-shm"] where access(file, F_OK) == 0 {
            guard chmod(file, 0o600) == 0 else {
                throw failure("Cannot restrict a database file's permissions", code: errno)
            }
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Returns the permission bits of `path`, or nil if it does not exist.
    static func permissions(of path: String) -> UInt32? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return UInt32(status.st_mode) & 0o777
    }

    private static func parentPath(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return String(trimmed[..<slash])
    }

    private static func failure(_ what: String, code: Int32) -> ServerError {
        // The path stays out of the message; the errno text is safe and helps an operator.
        ServerError(.unknownError, "\(what): \(String(cString: strerror(code))).")
    }
}
