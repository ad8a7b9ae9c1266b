internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#endif

/// Reads small configuration files, such as PEM certificates and keys, without ever blocking.
///
/// The file is opened with `O_NONBLOCK` and must be a regular file, so a FIFO or device put in its
/// place fails at once instead of stalling the thread that reads it.
public enum RegularFile {
    /// The maximum size in bytes of a certificate, key or CA bundle file.
    public static let maximumPEMBytes = 1 << 20

    /// Returns the file's bytes.
    /// - Throws: ``RegularFileError`` naming the path when it cannot be opened, is not a regular
    ///   file, or is larger than `maximumBytes`.
    public static func read(_ path: String, maximumBytes: Int = maximumPEMBytes) throws(RegularFileError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RegularFileError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw RegularFileError("\(path) is not a regular file")
        }
        guard Int(info.st_size) <= maximumBytes else {
            throw RegularFileError("\(path) is larger than \(maximumBytes / 1024) KiB")
        }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw RegularFileError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { return contents }
            contents.append(contentsOf: buffer.prefix(count))
            // The file may grow while it is read.
            guard contents.count <= maximumBytes else {
                throw RegularFileError("\(path) is larger than \(maximumBytes / 1024) KiB")
            }
        }
    }
}

/// A configuration file that could not be read; the message names the path and the reason.
public struct RegularFileError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
