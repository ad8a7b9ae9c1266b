public import Host

extension PostgreSQLAccountRepository: RevocationRepository {
    /// Returns every stored revocation, sorted by token id.
    public func loadRevocations() throws -> [Revocation] {
        try inTransaction { connection in
            let rows = try connection.query(
                "SELECT token_id, expires_at, revoked_at FROM nornicdb.revoked_tokens ORDER BY token_id"
            )
            return (0..<rows.rowCount).map { row in
                Revocation(
                    tokenID: rows.text(row, 0),
                    expiresAt: rows.isNull(row, 1) ? nil : rows.int64(row, 1),
                    revokedAt: rows.int64(row, 2)
                )
            }
        }
    }

    /// Returns the revocation of `tokenID`, or nil.
    public func loadRevocation(tokenID: String) throws -> Revocation? {
        try inTransaction { connection in
            let rows = try connection.query(
                "SELECT token_id, expires_at, revoked_at FROM nornicdb.revoked_tokens WHERE token_id = $1",
                [.text(tokenID)]
            )
            guard rows.rowCount > 0 else { return nil }
            return Revocation(
                tokenID: rows.text(0, 0),
                expiresAt: rows.isNull(0, 1) ? nil : rows.int64(0, 1),
                revokedAt: rows.int64(0, 2)
            )
        }
    }

    /// Stores the revocation in its own transaction, which also notifies the other servers. An existing row for the token keeps the
    /// earlier `revoked_at` and the later `expires_at`, where NULL (never) is latest.
    public func saveRevocation(_ revocation: Revocation) throws {
        let sql = """
            INSERT INTO nornicdb.revoked_tokens AS old (token_id, expires_at, revoked_at) VALUES ($1, $2, $3)
            ON CONFLICT (token_id) DO UPDATE SET
                expires_at = CASE
                    WHEN old.expires_at IS NULL OR excluded.expires_at IS NULL THEN NULL
                    ELSE greatest(old.expires_at, excluded.expires_at)
                END,
                revoked_at = least(old.revoked_at, excluded.revoked_at)
            """
        let expiresAt: PostgreSQLParameter = revocation.expiresAt.map { .int64($0) } ?? .nullInt64
        try inTransaction { connection in
            try connection.query(sql, [.text(revocation.tokenID), expiresAt, .int64(revocation.revokedAt)])
            try Self.notify(.revocation(tokenID: revocation.tokenID), on: connection)
        }
    }

    /// Deletes the revocations whose `expires_at` is earlier than `time`; rows without one stay.
    public func deleteRevocations(expiredBefore time: Int64) throws {
        try inTransaction { connection in
            try connection.query("DELETE FROM nornicdb.revoked_tokens WHERE expires_at < $1", [.int64(time)])
        }
    }
}
