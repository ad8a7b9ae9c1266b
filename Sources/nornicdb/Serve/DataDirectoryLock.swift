import Foundation
import Host

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive advisory lock on `<data directory>/nornicdb.lock`, held while a server runs.
///
/// A second server on the same directory, and the offline `token` and `service-account`
/// commands, take the same lock, so no two processes change the accounts under each other.
/// The kernel releases it when the process exits, also after a crash or `kill -9`.
final class DataDirectoryLock: Sendable {
    static let fileName = "nornicdb.lock"

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock without waiting.
    ///
    /// - Throws: `ConfigurationError` when another process has it or the file cannot be opened.
    static func acquire(in directory: String, purpose: String) throws -> DataDirectoryLock {
        let path = directory + "/" + fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError("Cannot open \(path): \(String(cString: strerror(errno))).")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK ? "another nornicdb process uses it" : String(cString: strerror(errno))
            close(descriptor)
            throw ConfigurationError("Cannot \(purpose): the data directory \(directory) is locked, since \(reason).")
        }
        return DataDirectoryLock(descriptor: descriptor)
    }

    /// Releases the lock; also released when the process exits.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
