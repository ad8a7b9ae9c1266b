/// How a statement runs: normally, or behind the `EXPLAIN` or `PROFILE` prefix.
public enum ExecutionMode: Sendable, Hashable {
    case normal
    /// `EXPLAIN`: plan the query and return the plan without running it.
    case explain
    /// `PROFILE`: run the query and return its rows with the plan and what each operator did.
    case profile
}
