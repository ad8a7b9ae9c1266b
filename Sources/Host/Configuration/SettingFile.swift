#if canImport(Glibc)
    internal import Glibc
#endif

/// Reads the files that `_FILE` settings name, such as Docker and Kubernetes secrets.
public enum SettingFile {
    /// The largest file accepted; a setting's value is a line or two, so a larger file is a
    /// wrong path.
    public static let maximumSize = 64 * 1024

    /// A file that cannot be used; the description gives the reason and never the contents.
    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Returns the UTF-8 text of the file at `path`, following symbolic links, because mounted
    /// Kubernetes secrets are links.
    ///
    /// NOTE: the file's owner and mode are not checked, because Docker and Kubernetes mount
    /// secrets owned by root with mode 0444 or 0644; protecting the file is the operator's job.
    ///
    /// - Throws: ``ReadError`` when the file cannot be opened or read, is not a regular file, is
    ///   larger than ``maximumSize`` or is not UTF-8.
    public static func read(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ReadError(description: systemReason()) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReadError(description: systemReason()) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw ReadError(description: "it is not a regular file") }
        guard Int(status.st_size) <= maximumSize else {
            throw ReadError(description: "it is larger than \(maximumSize) bytes")
        }

        // Read up to one byte past the limit, so a file that grew after fstat is still rejected.
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= maximumSize {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: systemReason())
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer.prefix(count))
        }
        guard bytes.count <= maximumSize else { throw ReadError(description: "it is larger than \(maximumSize) bytes") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ReadError(description: "it is not UTF-8 text")
        }
        return text
    }

    private static func systemReason() -> String { String(cString: strerror(errno)) }
}
