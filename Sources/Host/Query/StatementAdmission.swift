internal import Synchronization

/// Caps how many statements one principal runs at once, so no single user can occupy every
/// thread of the storage pool and stall everyone else.
///
/// Over the cap a statement fails with a transient error, which drivers retry with backoff.
final class StatementAdmission: Sendable {
    let maximumPerPrincipal: Int
    private let running = Mutex<[String: Int]>([:])

    init(maximumPerPrincipal: Int) {
        precondition(maximumPerPrincipal > 0, "at least one statement per principal must be allowed")
        self.maximumPerPrincipal = maximumPerPrincipal
    }

    /// Counts a statement of `principal` as running, or throws when it already runs the maximum.
    func enter(_ principal: String) throws(ServerError) {
        let admitted = running.withLock { counts -> Bool in
            let current = counts[principal, default: 0]
            guard current < maximumPerPrincipal else { return false }
            counts[principal] = current + 1
            return true
        }
        guard admitted else {
            throw ServerError(
                .resourceExhaustion,
                "User '\(principal)' already runs \(maximumPerPrincipal) statements at once; retry when one "
                    + "has finished."
            )
        }
    }

    func leave(_ principal: String) {
        running.withLock { counts in
            let remaining = counts[principal, default: 1] - 1
            counts[principal] = remaining > 0 ? remaining : nil
        }
    }
}

extension ServerError.Status {
    public static let resourceExhaustion = Self(
        code: "Neo.TransientError.Request.ResourceExhaustion",
        gqlStatus: "53N00",
        gqlDescription: "error: insufficient resources"
    )
}
