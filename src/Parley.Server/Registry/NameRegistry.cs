using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Parley.Server.Registry;

/// <summary>
/// Which key owns which name, kept in SQLite so it survives restarts. The whole table is loaded at
/// start and mirrored in memory, so lookups never touch the database; only a new registration writes.
/// One server process owns the file.
/// </summary>
internal sealed class NameRegistry : IDisposable
{
    public const string FileName = "parley.db";

    private readonly SqliteConnection _db;
    private readonly Lock _writeGate = new();
    private readonly ConcurrentDictionary<string, RegisteredName> _byKey = new(StringComparer.Ordinal);

    private NameRegistry(SqliteConnection db)
    {
        _db = db;
    }

    public int Count => _byKey.Count;

    public static NameRegistry Open(string dataDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            db.Open();
            Execute(db, "PRAGMA journal_mode = WAL;");
            Execute(db, "PRAGMA synchronous = NORMAL;");
            Execute(db, """
                CREATE TABLE IF NOT EXISTS names (
                    name_key      TEXT    NOT NULL PRIMARY KEY,
                    display_name  TEXT    NOT NULL,
                    public_key    BLOB    NOT NULL,
                    fingerprint   TEXT    NOT NULL,
                    registered_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """);
            var registry = new NameRegistry(db);
            registry.Load();
            return registry;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public RegisteredName? Find(string key) => _byKey.TryGetValue(key, out var found) ? found : null;

    /// <summary>
    /// Registers <paramref name="name"/> to the key unless its uniqueness key is taken; reports the owner
    /// either way. A conflict means another key owns it.
    /// </summary>
    public RegistrationOutcome Register(string key, string name, byte[] publicKeySpki, string fingerprint)
    {
        if (_byKey.TryGetValue(key, out var existing))
        {
            return new RegistrationOutcome(existing, false, !existing.IsOwnedBy(publicKeySpki));
        }

        lock (_writeGate)
        {
            if (_byKey.TryGetValue(key, out existing))
            {
                return new RegistrationOutcome(existing, false, !existing.IsOwnedBy(publicKeySpki));
            }

            var now = DateTimeOffset.UtcNow;
            using (var insert = _db.CreateCommand())
            {
                insert.CommandText = """
                    INSERT INTO names (name_key, display_name, public_key, fingerprint, registered_at)
                    VALUES ($key, $name, $key_spki, $fingerprint, $at);
                    """;
                insert.Parameters.AddWithValue("$key", key);
                insert.Parameters.AddWithValue("$name", name);
                insert.Parameters.AddWithValue("$key_spki", publicKeySpki);
                insert.Parameters.AddWithValue("$fingerprint", fingerprint);
                insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
                insert.ExecuteNonQuery();
            }

            var registered = new RegisteredName(key, name, ByteString.CopyFrom(publicKeySpki), fingerprint, now);
            _byKey[key] = registered;
            return new RegistrationOutcome(registered, true, false);
        }
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            _db.Dispose();
        }
    }

    private void Load()
    {
        using var select = _db.CreateCommand();
        select.CommandText = "SELECT name_key, display_name, public_key, fingerprint, registered_at FROM names;";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var key = reader.GetString(0);
            _byKey[key] = new RegisteredName(
                key,
                reader.GetString(1),
                ByteString.CopyFrom((byte[])reader.GetValue(2)),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
        }
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
