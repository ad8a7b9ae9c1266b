/// The single authorization check between an authenticated identity and the query engine.
///
/// Bolt and HTTP both reach the engine only through ``QueryService``, which asks the gate
/// before any part of a statement runs.
public struct PermissionGate: Sendable {
    public enum Verdict: Sendable, Equatable {
        case allow
        case deny(missing: PermissionSet)
    }

    public init() {}

    public func evaluate(_ identity: Identity, requires required: PermissionSet) -> Verdict {
        let missing = required.subtracting(identity.permissions)
        return missing.isEmpty ? .allow : .deny(missing: missing)
    }

    /// Throws `Neo.ClientError.Security.Forbidden` naming the missing permissions.
    public func authorize(_ identity: Identity, requires required: PermissionSet) throws(ServerError) {
        if case .deny(let missing) = evaluate(identity, requires: required) {
            let names = missing.permissions.map(\.rawValue).joined(separator: ", ")
            throw ServerError(
                .forbidden,
                "Permission denied: the statement requires the \(names) permission, which user '\(identity.principal)' does not have."
            )
        }
    }
}
