public import Host

extension PostgreSQLAccountRepository: LoginFailureRepository {
    /// Returns the principal's count and lock as they apply now on PostgreSQL's clock.
    public func loginFailures(forKey key: String) throws -> SharedLoginFailures {
        try inTransaction { connection in
            let (record, now) = try Self.read(key, on: connection, forUpdate: false)
            let current = record.current(at: now)
            return SharedLoginFailures(
                failures: current.failures,
                lockRemainingMilliseconds: current.lockRemaining(at: now)
            )
        }
    }

    /// Adds one failure while holding the principal's row lock, so failures that several servers
    /// record at once all count. Rows whose count and lock have both run out are deleted here.
    public func recordLoginFailure(forKey key: String, limits: LoginLimits) throws -> SharedLoginFailures {
        try inTransaction { connection in
            try connection.query(
                """
                INSERT INTO nornicdb.login_failures (principal_key, failures, last_failure_at, locked_until)
                VALUES ($1, 0, 0, NULL) ON CONFLICT (principal_key) DO NOTHING
                """,
                [.text(key)]
            )
            let (record, now) = try Self.read(key, on: connection, forUpdate: true)
            let updated = record.addingFailure(at: now, limits: limits)
            let lockedUntil: PostgreSQLParameter = updated.lockedUntil.map { .int64($0) } ?? .nullInt64
            try connection.query(
                """
                UPDATE nornicdb.login_failures SET failures = $2::integer, last_failure_at = $3, locked_until = $4
                WHERE principal_key = $1
                """,
                [.text(key), .int64(Int64(updated.failures)), .int64(updated.lastFailureAt), lockedUntil]
            )
            try connection.query(
                """
                DELETE FROM nornicdb.login_failures
                WHERE last_failure_at < $1 AND (locked_until IS NULL OR locked_until < $2)
                """,
                [.int64(now - LoginFailureRecord.failureMemoryMilliseconds), .int64(now)]
            )
            let current = updated.current(at: now)
            return SharedLoginFailures(
                failures: current.failures,
                lockRemainingMilliseconds: current.lockRemaining(at: now),
                lockedByThisCall: record.current(at: now).lockedUntil == nil && updated.lockedUntil != nil
            )
        }
    }

    /// Sets the count to 0; a lock stays until it ends.
    public func resetLoginFailures(forKey key: String) throws {
        try inTransaction { connection in
            try connection.query(
                "UPDATE nornicdb.login_failures SET failures = 0 WHERE principal_key = $1",
                [.text(key)]
            )
        }
    }

    /// Returns the stored record, empty when there is none, and PostgreSQL's current time in
    /// milliseconds since the epoch.
    private static func read(
        _ key: String,
        on connection: PostgreSQLConnection,
        forUpdate: Bool
    ) throws -> (LoginFailureRecord, Int64) {
        let rows = try connection.query(
            """
            SELECT failures::bigint, last_failure_at, locked_until FROM nornicdb.login_failures
            WHERE principal_key = $1 \(forUpdate ? "FOR UPDATE" : "")
            """,
            [.text(key)]
        )
        // Read after the row lock is held, so the time is never earlier than another server's write.
        let clock = try connection.query("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
        let now = clock.int64(0, 0)
        guard rows.rowCount > 0 else { return (LoginFailureRecord(), now) }
        let record = LoginFailureRecord(
            failures: Int(rows.int64(0, 0)),
            lastFailureAt: rows.int64(0, 1),
            lockedUntil: rows.isNull(0, 2) ? nil : rows.int64(0, 2)
        )
        return (record, now)
    }
}
