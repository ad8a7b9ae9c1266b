/// The reason a directory operation failed. It never contains a password.
enum LDAPFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No server could be reached, or the connection broke.
    case unavailable(String)
    /// The server did not respond within the configured time.
    case timeout(String)
    /// The server returned an error, or the configuration does not fit the directory.
    case failed(String)

    var description: String {
        switch self {
        case .unavailable(let detail): "directory unavailable: \(detail)"
        case .timeout(let detail): "directory timed out: \(detail)"
        case .failed(let detail): "directory error: \(detail)"
        }
    }
}
