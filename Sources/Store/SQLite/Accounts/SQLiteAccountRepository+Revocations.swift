public import Host

extension SQLiteAccountRepository: RevocationRepository {
    /// Returns every stored revocation, sorted by token id.
    public func loadRevocations() throws -> [Revocation] {
        try connection.withLock { connection in
            let sql = "SELECT token_id, expires_at, revoked_at FROM revoked_tokens ORDER BY token_id"
            return try connection.withStatement(sql) { statement in
                var revocations: [Revocation] = []
                while try statement.step() {
                    revocations.append(
                        Revocation(
                            tokenID: statement.text(at: 0),
                            expiresAt: statement.isNull(at: 1) ? nil : statement.int64(at: 1),
                            revokedAt: statement.int64(at: 2)
                        )
                    )
                }
                return revocations
            }
        }
    }

    /// Stores the revocation in its own transaction. An existing row for the token keeps the
    /// earlier `revoked_at` and the later `expires_at`, where NULL (never) is latest.
    public func saveRevocation(_ revocation: Revocation) throws {
        let sql = """
            INSERT INTO revoked_tokens (token_id, expires_at, revoked_at) VALUES (?1, ?2, ?3)
            ON CONFLICT (token_id) DO UPDATE SET
                expires_at = CASE
                    WHEN expires_at IS NULL OR excluded.expires_at IS NULL THEN NULL
                    ELSE max(expires_at, excluded.expires_at)
                END,
                revoked_at = min(revoked_at, excluded.revoked_at)
            """
        try connection.withLock { connection in
            try Self.inTransaction(connection) {
                try connection.withStatement(sql) { statement in
                    try statement.bind(revocation.tokenID, at: 1)
                    if let expiresAt = revocation.expiresAt {
                        try statement.bind(expiresAt, at: 2)
                    } else {
                        try statement.bindNull(at: 2)
                    }
                    try statement.bind(revocation.revokedAt, at: 3)
                    try statement.run()
                }
            }
        }
    }

    /// Deletes the revocations whose `expires_at` is earlier than `time`; rows without one stay.
    public func deleteRevocations(expiredBefore time: Int64) throws {
        try connection.withLock { connection in
            try Self.inTransaction(connection) {
                try connection.withStatement("DELETE FROM revoked_tokens WHERE expires_at < ?1") {
                    try $0.bind(time, at: 1)
                    try $0.run()
                }
            }
        }
    }
}
