/// The subcommands of `nornicdb-load`.
enum Subcommand: String, Sendable, CaseIterable {
    case roundtrip
    case login
    case idle
}

/// A parsed command line.
struct Invocation: Sendable {
    var subcommand: Subcommand
    var settings: ConnectionSettings
    var timing = Timing()
    /// The connection counts to measure one after another; for `idle`, one count.
    var connectionCounts: [Int] = [1]
    /// The query of `roundtrip`, or the optional query after each `login`.
    var query: String?
    var parameter: IntParameter?
    /// The `target` column: a name for the server under test.
    var label: String
    /// The `scenario` column.
    var scenario: String
    /// A file to append one JSON object per result row to.
    var jsonPath: String?
    var failsOnError = false
    var printsHeader = true
}

/// The action a command line requests: the help text or a run.
enum ParsedCommand: Sendable {
    case help
    case run(Invocation)
}
