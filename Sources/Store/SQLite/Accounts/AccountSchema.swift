/// The schema of the system file that contains local accounts and revoked tokens.
///
/// `accounts` has one row per account; `account_roles` lists each account's roles in the
/// order they were granted, and goes with its account on delete. `revoked_tokens` has one row
/// per revoked token id (version 2).
enum AccountSchema {
    static let migrator = SchemaMigrator(schemaName: "system", migrations: [version1, version2])

    static let version1 = """
        CREATE TABLE accounts (
            name TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            suspended INTEGER NOT NULL,
            change_required INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            credentials_changed_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE account_roles (
            account_name TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            PRIMARY KEY (account_name, position)
        ) WITHOUT ROWID;
        """

    /// `expires_at` is NULL for a token that never expires; the partial index serves pruning.
    static let version2 = """
        CREATE TABLE revoked_tokens (
            token_id TEXT PRIMARY KEY NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires_at) WHERE expires_at IS NOT NULL;
        """
}
