/// The `nornicdb` schema: the graph databases and the accounts that every server sharing the
/// PostgreSQL database sees.
///
/// - `databases`: one row per graph database with its identifier, the UUID used in element
///   ids, and the schema that contains its tables (`graph_<identifier without dashes>`).
/// - `accounts`, `account_roles` and `revoked_tokens`: as in the SQLite system file, with
///   roles in the order they were granted and `expires_at` NULL for a token that never expires.
/// - `login_failures` (version 2): each principal's failed-login count and lock, shared by all servers;
///   times are milliseconds since the epoch on PostgreSQL's clock.
/// - `members` (version 3): one row per cluster node id with its advertised Bolt address, server
///   version, registration time and last heartbeat, all times by PostgreSQL's clock; `incarnation`
///   is a random value per start, so a stale process cannot update the row a newer one took over.
/// - `cluster_settings` (version 3): values every member shares, such as `token_issuer_node`,
///   the node identity written into login tokens.
enum CatalogueSchema {
    static let name = "nornicdb"

    static let migrator = PostgreSQLMigrator(migrations: [version1, version2, version3])

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

    private static let version3 = """
        CREATE TABLE members (
            node_id TEXT COLLATE "C" PRIMARY KEY,
            address TEXT NOT NULL,
            version TEXT NOT NULL,
            incarnation TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            last_heartbeat TIMESTAMPTZ NOT NULL,
            gone BOOLEAN NOT NULL DEFAULT false
        );

        CREATE TABLE cluster_settings (
            key TEXT COLLATE "C" PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
}
