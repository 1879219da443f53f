using Microsoft.Data.Sqlite;
using Parley.Crypto;

namespace Parley.Client.Tests.Support;

/// <summary>
/// Writes parley.db as a server from before lookalikes counted: keyed by the case-folded name, so
/// names that now collide could both be registered. The server keeps the later ones as legacy names.
/// </summary>
internal static class OlderRegistry
{
    public static void Write(string dataDirectory, params (string Name, PeerKey Key)[] names)
    {
        Directory.CreateDirectory(dataDirectory);
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "parley.db"),
            Pooling = false,
        }.ToString());
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE names (
                    name_key      TEXT    NOT NULL PRIMARY KEY,
                    display_name  TEXT    NOT NULL,
                    public_key    BLOB    NOT NULL,
                    fingerprint   TEXT    NOT NULL,
                    registered_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """;
            create.ExecuteNonQuery();
        }

        var registeredAt = 1_600_000_000_000L;
        foreach (var (name, key) in names)
        {
            using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO names VALUES ($key, $name, $spki, $fingerprint, $at);";
            insert.Parameters.AddWithValue("$key", name.ToUpperInvariant().ToLowerInvariant());
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$spki", key.Spki);
            insert.Parameters.AddWithValue("$fingerprint", key.Fingerprint);
            insert.Parameters.AddWithValue("$at", registeredAt++);
            insert.ExecuteNonQuery();
        }
    }
}
