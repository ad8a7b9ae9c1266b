/// The exit statuses of every `nornicdb` command.
enum ExitStatus {
    static let success: Int32 = 0
    /// The command ran and failed; the reason is on standard error.
    static let failure: Int32 = 1
    /// The command line is invalid: an unknown option, a missing value, a conflict.
    static let usage: Int32 = 2
}

/// An invalid command line; the tool prints the message and a pointer to the command's help,
/// and exits with ``ExitStatus/usage``.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    /// The command whose help the message points to, for example `service-account create`.
    let command: String

    init(_ message: String, command: String) {
        self.message = message
        self.command = command
    }

    var description: String { "\(message)\nRun `nornicdb \(command) --help` for its options." }
}

/// A command that ran and failed, with a message for the operator; the tool exits with
/// ``ExitStatus/failure``. The message never contains a secret.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
