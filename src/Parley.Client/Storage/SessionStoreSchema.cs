namespace Parley.Client.Storage;

/// <summary>
/// sessions.db's tables (docs/sessions.md §12.3). Times are Unix milliseconds. Private keys are P-256
/// scalars (32 bytes) and ML-KEM-768 seeds (64 bytes); the file is 0600 like the identity key beside it.
/// </summary>
internal static class SessionStoreSchema
{
    public static readonly string[] Statements =
    [
        """
        CREATE TABLE IF NOT EXISTS meta (
            key   TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE IF NOT EXISTS identity_agreement_key (
            id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 0),
            private    BLOB    NOT NULL,
            public     BLOB    NOT NULL,
            signature  BLOB    NOT NULL,
            created_at INTEGER NOT NULL
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS signed_prekeys (
            id         INTEGER NOT NULL PRIMARY KEY,
            private    BLOB    NOT NULL,
            public     BLOB    NOT NULL,
            signature  BLOB    NOT NULL,
            created_at INTEGER NOT NULL,
            retired_at INTEGER
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS pq_prekeys (
            id         INTEGER NOT NULL PRIMARY KEY,
            seed       BLOB    NOT NULL,
            public     BLOB    NOT NULL,
            signature  BLOB    NOT NULL,
            created_at INTEGER NOT NULL,
            retired_at INTEGER
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS one_time_prekeys (
            id         INTEGER NOT NULL PRIMARY KEY,
            private    BLOB    NOT NULL,
            public     BLOB    NOT NULL,
            uploaded   INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        """,
        """
        CREATE TABLE IF NOT EXISTS sessions (
            peer_key_id BLOB    NOT NULL,
            base_key    BLOB    NOT NULL,
            state       BLOB    NOT NULL,
            updated_at  INTEGER NOT NULL,
            active_seq  INTEGER NOT NULL,
            PRIMARY KEY (peer_key_id, base_key)
        ) WITHOUT ROWID;
        """,
        // Messages opened here, in plaintext, until taken and past the window (OpenedMessageTable). A table a store of
        // schema 1 lacks is simply made: older clients ignore it, so the version stays 1.
        """
        CREATE TABLE IF NOT EXISTS opened_messages (
            sender_key_id BLOB    NOT NULL,
            digest        BLOB    NOT NULL,
            message_id    BLOB    NOT NULL,
            content       BLOB    NOT NULL,
            opened_at     INTEGER NOT NULL,
            queued        INTEGER NOT NULL,
            taken_at      INTEGER,
            PRIMARY KEY (sender_key_id, digest)
        ) WITHOUT ROWID;
        """,
        "CREATE INDEX IF NOT EXISTS opened_messages_by_time ON opened_messages (opened_at);",
    ];
}
