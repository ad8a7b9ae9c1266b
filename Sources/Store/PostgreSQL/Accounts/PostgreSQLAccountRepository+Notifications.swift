public import Host

extension PostgreSQLAccountRepository: SecurityChangeAnnouncer {
    /// The channel on which servers sharing the database announce security changes.
    public static let securityChannel = "nornicdb_security"

    /// PostgreSQL rejects a NOTIFY payload of 8000 bytes or more; a longer one is replaced by a
    /// request to reload everything of its kind. Account names can exceed it: 128 characters may
    /// each carry many combining letters.
    static let maximumPayloadBytes = 7_900

    /// Notifies the other servers in its own transaction.
    public func announce(_ change: SecurityChange) throws {
        try inTransaction { connection in try Self.notify(change, on: connection) }
    }

    /// Queues a notification in the open transaction; PostgreSQL delivers it at commit, and not
    /// at all on rollback.
    static func notify(_ change: SecurityChange, on connection: PostgreSQLConnection) throws {
        var payload = change.payload
        if payload.utf8.count > maximumPayloadBytes {
            switch change {
            case .account: payload = SecurityChange.account(name: SecurityChange.everyID).payload
            case .revocation: payload = SecurityChange.revocation(tokenID: SecurityChange.everyID).payload
            case .authCacheCleared: break
            }
        }
        try connection.query("SELECT pg_notify($1, $2)", [.text(securityChannel), .text(payload)])
    }
}
