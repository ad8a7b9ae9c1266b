import Foundation
import Host

/// Writes to standard output and standard error without buffering, so the two streams keep
/// their order and nothing is lost when the process calls `exit`.
///
/// The commands write only their result, such as a token or a table, to standard output, so
/// scripts can capture it. Messages for the operator go to standard error.
enum Console {
    /// Writes `text` and a newline to standard output.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes `text` and a newline to standard error.
    static func message(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes `text` to standard error without a newline, for a prompt.
    static func prompt(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Reports `error` on standard error and returns the exit status that matches it.
    ///
    /// A `ServerError` from an offline command shows its message alone: the Neo4j status code
    /// matters to drivers, not to an operator at a shell.
    static func report(_ error: any Error) -> Int32 {
        let text = (error as? ServerError)?.message ?? "\(error)"
        message("nornicdb: \(text)")
        return error is UsageError ? ExitStatus.usage : ExitStatus.failure
    }
}
