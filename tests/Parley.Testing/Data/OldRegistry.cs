using Microsoft.Data.Sqlite;
using Parley.Crypto;

namespace Parley.Testing;

/// <summary>
/// Writes parley.db as a server from before lookalike keys did: the key column held the case-folded name.
/// (It uses nothing of the server, only SQLite.)
/// </summary>
public static class OldRegistry
{
    public static SqliteConnection Create(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var db = Open(dataDirectory);
        using var create = db.CreateCommand();
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS names (
                name_key      TEXT    NOT NULL PRIMARY KEY,
                display_name  TEXT    NOT NULL,
                public_key    BLOB    NOT NULL,
                fingerprint   TEXT    NOT NULL,
                registered_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """;
        create.ExecuteNonQuery();
        return db;
    }

    public static void Insert(string dataDirectory, string oldKey, string name, PeerKey key, long registeredAt) =>
        Insert(dataDirectory, oldKey, name, key.Spki, key.Fingerprint, registeredAt);

    public static void Insert(string dataDirectory, string oldKey, string name, byte[] spki, string fingerprint, long registeredAt)
    {
        using var db = Create(dataDirectory);
        using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO names VALUES ($key, $name, $spki, $fingerprint, $at);";
        insert.Parameters.AddWithValue("$key", oldKey);
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.AddWithValue("$spki", spki);
        insert.Parameters.AddWithValue("$fingerprint", fingerprint);
        insert.Parameters.AddWithValue("$at", registeredAt);
        insert.ExecuteNonQuery();
    }

    public static List<string> StoredKeys(string dataDirectory)
    {
        using var db = Open(dataDirectory);
        using var select = db.CreateCommand();
        select.CommandText = "SELECT name_key FROM names ORDER BY name_key;";
        using var reader = select.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static SqliteConnection Open(string dataDirectory)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "parley.db"),
            Pooling = false,
        }.ToString());
        db.Open();
        return db;
    }
}
