#if canImport(Glibc)
    internal import Glibc
#endif

/// What identifies one version of a file: device, inode, size and modification time.
///
/// A file replaced by rename gets a new inode; a file rewritten in place gets a new
/// modification time or size. Comparing stamps tells a reloader that a file changed without
/// reading it.
public struct FileStamp: Sendable, Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    /// The stamp of the file at `path`, or nil when it cannot be examined.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modifiedSeconds = status.st_mtim.tv_sec
        modifiedNanoseconds = status.st_mtim.tv_nsec
    }
}
