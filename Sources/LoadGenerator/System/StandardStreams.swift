import Glibc

/// Unbuffered writes to standard output and standard error, so that every line is out as soon
/// as the call returns, which `bench/run` relies on for `ready N`.
enum StandardStreams {
    static func printLine(_ text: String) {
        write(text + "\n", to: STDOUT_FILENO)
    }

    static func printError(_ text: String) {
        write(text + "\n", to: STDERR_FILENO)
    }

    /// Writes all bytes of `text`; a closed stream drops the rest silently.
    private static func write(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            if result > 0 {
                written += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
