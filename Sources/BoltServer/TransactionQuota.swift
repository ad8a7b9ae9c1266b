import Host

/// Caps the Bolt transactions one principal keeps open at once, across all its connections.
///
/// Each open transaction holds one of the store's connections until it ends, so without a cap
/// one user with many connections could hold all of them and make every other user's
/// transactions fail. Over the cap, BEGIN fails with a transient error, which drivers retry.
final class TransactionQuota: Sendable {
    private let quota: PrincipalQuota

    init(maximumPerPrincipal: Int) {
        quota = PrincipalQuota(maximumPerPrincipal: maximumPerPrincipal)
    }

    /// Counts one more open transaction of `principal`, or throws when it holds the maximum.
    func take(_ principal: String) throws(ServerError) {
        guard quota.take(principal) else {
            throw ServerError(
                .resourceExhaustion,
                "User '\(principal)' already has \(quota.maximumPerPrincipal) Bolt transactions open, the limit "
                    + "(NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER); commit or roll one back first."
            )
        }
    }

    func release(_ principal: String) { quota.release(principal) }
}
