/// The schema of the system file that holds local accounts.
///
/// `accounts` has one row per account; `account_roles` lists each account's roles in the
/// order they were granted, and goes with its account on delete.
enum AccountSchema {
    static let migrator = SchemaMigrator(schemaName: "system", migrations: [version1])

    private static let version1 = """
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
}
