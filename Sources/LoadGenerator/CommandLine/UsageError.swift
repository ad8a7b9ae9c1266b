/// An invalid command line or an unreadable option file; main prints it with a hint to
/// `--help` and exits with status 2.
struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}
