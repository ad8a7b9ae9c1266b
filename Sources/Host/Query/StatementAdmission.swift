/// Caps how many statements one principal runs at once, so no single user can occupy every
/// thread of the storage pool and stall everyone else.
///
/// Over the cap a statement fails with a transient error, which drivers retry with backoff.
final class StatementAdmission: Sendable {
    private let quota: PrincipalQuota

    init(maximumPerPrincipal: Int) {
        quota = PrincipalQuota(maximumPerPrincipal: maximumPerPrincipal)
    }

    var maximumPerPrincipal: Int { quota.maximumPerPrincipal }

    /// Counts a statement of `principal` as running, or throws when it already runs the maximum.
    func enter(_ principal: String) throws(ServerError) {
        guard quota.take(principal) else {
            throw ServerError(
                .resourceExhaustion,
                "User '\(principal)' already runs \(maximumPerPrincipal) statements at once; retry when one "
                    + "has finished."
            )
        }
    }

    func leave(_ principal: String) { quota.release(principal) }
}

extension ServerError.Status {
    public static let resourceExhaustion = Self(
        code: "Neo.TransientError.Request.ResourceExhaustion",
        gqlStatus: "53N00",
        gqlDescription: "error: insufficient resources"
    )
}
