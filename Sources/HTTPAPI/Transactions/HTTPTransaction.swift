import Host

/// The identity that may use a transaction: the principal together with the provider that
/// verified it, so a JWT subject and a local user of the same name are different owners.
///
/// NOTE: all requests share one owner while authentication is off (`NORNICDB_AUTH=none`), so
/// then only the unguessable id keeps one client out of another's transaction.
struct TransactionOwner: Hashable, Sendable {
    let principal: String
    let provider: String

    init(_ identity: Identity) {
        principal = identity.principal
        provider = identity.provider
    }
}

/// One explicit transaction opened with `POST /db/{db}/tx`, with the query session it runs in.
///
/// `@unchecked Sendable` is safe because only the holder of the transaction's lease in
/// ``TransactionRegistry`` touches `session`: the request that acquired it, the request that
/// began it, or the reaper or shutdown after removing it from the registry. The registry grants
/// at most one lease at a time, so the session is never used by two tasks at once.
final class HTTPTransaction: @unchecked Sendable {
    /// Random and unguessable: 16 bytes in base64url.
    let id: String
    /// The database the transaction began on, as ``QueryService/resolveDatabase(_:)`` names it.
    let database: String
    let owner: TransactionOwner
    let session: QuerySession
    /// Cancels the running statement when the server shuts down.
    let interrupter: SessionInterrupter
    /// The request logger of the request that began it, with the transaction id.
    let logger: Logger

    init(
        id: String,
        database: String,
        owner: TransactionOwner,
        session: QuerySession,
        interrupter: SessionInterrupter,
        logger: Logger
    ) {
        self.id = id
        self.database = database
        self.owner = owner
        self.session = session
        self.interrupter = interrupter
        self.logger = logger
    }

    /// Returns a fresh transaction id from the CSPRNG.
    static func newID() -> String { Crypto.randomToken(byteCount: 16) }
}
