import Host
import Synchronization

/// Caps the Bolt transactions one principal keeps open at once, across all its connections.
///
/// Each open transaction keeps one of the store's connections until it ends, so without a cap
/// one user with many connections could hold all of them and make every other user's
/// transactions fail. Over the cap, BEGIN fails with a transient error, which drivers retry.
///
/// A server-wide cap comes first: without it a few users at their own caps could still hold
/// every store connection between them.
final class TransactionQuota: Sendable {
    private let quota: PrincipalQuota
    private let maximumTotal: Int
    private let open = Mutex(0)

    init(maximumPerPrincipal: Int, maximumTotal: Int) {
        quota = PrincipalQuota(maximumPerPrincipal: maximumPerPrincipal)
        self.maximumTotal = maximumTotal
    }

    /// The transactions of the server-wide cap kept for identities with the `admin` permission,
    /// so an administrator can always begin one, to find and end the transactions of others.
    static let adminReserve = 16

    /// Counts one more open transaction of `principal`, or throws when the server or the
    /// principal already has the maximum open. Principals without `isAdmin` stop ``adminReserve`` short
    /// of the server-wide cap.
    func take(_ principal: String, isAdmin: Bool) throws(ServerError) {
        let limit = isAdmin ? maximumTotal : max(1, maximumTotal - Self.adminReserve)
        let admitted = open.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw ServerError(
                .resourceExhaustion,
                "The server has \(limit) Bolt transactions open, the most allowed (NORNICDB_BOLT_MAX_TRANSACTIONS, "
                    + "less \(Self.adminReserve) kept for administrators); retry when one ends."
            )
        }
        guard quota.take(principal) else {
            open.withLock { $0 -= 1 }
            throw ServerError(
                .resourceExhaustion,
                "User '\(principal)' already has \(quota.maximumPerPrincipal) Bolt transactions open, the limit "
                    + "(NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER); commit or roll one back first."
            )
        }
    }

    func release(_ principal: String) {
        quota.release(principal)
        open.withLock { $0 -= 1 }
    }
}
