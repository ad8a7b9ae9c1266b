/// The `nornicdb` schema: the graph databases and the accounts that every server sharing the
/// PostgreSQL database sees.
///
/// - `databases`: one row per graph database with its identifier, the UUID used in element
///   ids, and the schema that contains its tables (`graph_<identifier without dashes>`).
/// - `accounts`, `account_roles` and `revoked_tokens`: as in the SQLite system file, with
///   roles in the order they were granted and `expires_at` NULL for a token that never expires.
/// - `login_failures`: each principal's failed-login count and lock, shared by every server;
///   times are milliseconds since the epoch on PostgreSQL's clock.
enum CatalogueSchema {
    static let name = "nornicdb"

    static let migrator = PostgreSQLMigrator(migrations: [version1, version2])

    private static let version1 = """
        CREATE TABLE databases (
            name TEXT COLLATE "C" PRIMARY KEY,
            identifier TEXT NOT NULL UNIQUE,
            schema_name TEXT NOT NULL UNIQUE
        );

        CREATE TABLE accounts (
            name TEXT COLLATE "C" PRIMARY KEY,
            kind TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            suspended BOOLEAN NOT NULL,
            change_required BOOLEAN NOT NULL,
            created_at BIGINT NOT NULL,
            credentials_changed_at BIGINT NOT NULL
        );

        CREATE TABLE account_roles (
            account_name TEXT COLLATE "C" NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            PRIMARY KEY (account_name, position)
        );

        CREATE TABLE revoked_tokens (
            token_id TEXT COLLATE "C" PRIMARY KEY,
            expires_at BIGINT,
            revoked_at BIGINT NOT NULL
        );
        CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires_at) WHERE expires_at IS NOT NULL;
        """

    private static let version2 = """
        CREATE TABLE login_failures (
            principal_key TEXT COLLATE "C" PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_failure_at BIGINT NOT NULL,
            locked_until BIGINT
        );
        CREATE INDEX login_failures_by_last_failure ON login_failures (last_failure_at);
        """
}
