/// Counts what each principal uses at once, such as running statements or open transactions,
/// and rejects more than a maximum, so that no single user can take a shared resource whole.
public final class PrincipalQuota: Sendable {
    public let maximumPerPrincipal: Int
    private let held = SleepingLock<[String: Int]>([:])

    public init(maximumPerPrincipal: Int) {
        precondition(maximumPerPrincipal > 0, "a quota must allow at least one per principal")
        self.maximumPerPrincipal = maximumPerPrincipal
    }

    /// Counts one more for `principal` and returns true, or returns false at the maximum.
    public func take(_ principal: String) -> Bool {
        held.withLock { counts -> Bool in
            let current = counts[principal, default: 0]
            guard current < maximumPerPrincipal else { return false }
            counts[principal] = current + 1
            return true
        }
    }

    /// Gives back one that ``take(_:)`` counted.
    public func release(_ principal: String) {
        held.withLock { counts in
            let remaining = counts[principal, default: 1] - 1
            counts[principal] = remaining > 0 ? remaining : nil
        }
    }
}
