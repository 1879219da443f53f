using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Parley.Crypto;
using Parley.Protocol;

namespace Parley.Server.Registry;

/// <summary>
/// Which key owns which name, kept in SQLite so it survives restarts. The whole table is loaded at
/// start and mirrored in memory, so lookups never touch the database; only a new registration writes.
/// Meant for one server process per file; a second one sharing it cannot steal a name, but it does
/// not see names the other registered until it tries to register them itself.
/// </summary>
/// <remarks>
/// Keys are recomputed from the names at every start, since the rule (and ICU's data) can change.
/// When names registered earlier now share a key, the earliest keeps it; each later one becomes a
/// legacy name, still its owner's, reached by its own spelling up to case (<see cref="NameRules.CaseFoldKey"/>)
/// and stored under <see cref="LegacyKeyPrefix"/> + its name.
/// </remarks>
internal sealed class NameRegistry : IDisposable
{
    public const string FileName = "parley.db";

    /// <summary>Uniqueness keys are case-folded, so they never start with these capitals.</summary>
    public const string LegacyKeyPrefix = "LEGACY:";

    private readonly SqliteConnection _db;
    private readonly Lock _writeGate = new();
    private readonly ConcurrentDictionary<string, RegisteredName> _byKey = new(StringComparer.Ordinal);

    // Written only while loading, so reads need no lock.
    private readonly Dictionary<string, RegisteredName> _legacyByCaseFold = new(StringComparer.Ordinal);
    private readonly List<(RegisteredName Legacy, RegisteredName Owner)> _legacy = [];
    private readonly List<RegisteredName> _unusableKeys = [];

    // Names each key (by fingerprint) owns, legacy names included; changed under _writeGate only.
    private readonly Dictionary<string, int> _namesPerKey = new(StringComparer.Ordinal);

    private NameRegistry(SqliteConnection db)
    {
        _db = db;
    }

    public int Count => _byKey.Count + _legacy.Count;

    /// <summary>Names registered before the current rule that collide with an earlier one, and that earlier one.</summary>
    public IReadOnlyList<(RegisteredName Legacy, RegisteredName Owner)> LegacyNames => _legacy;

    /// <summary>
    /// Names registered to a key that today's key rules refuse (e.g. an exponent other than 65537): their
    /// owner can no longer log in and clients refuse the key, so an operator should know.
    /// </summary>
    public IReadOnlyList<RegisteredName> NamesWithUnusableKeys => _unusableKeys;

    /// <summary>How many names the key with <paramref name="fingerprint"/> owns, legacy names included.</summary>
    public int NamesOwnedBy(string fingerprint)
    {
        lock (_writeGate)
        {
            return _namesPerKey.GetValueOrDefault(fingerprint);
        }
    }

    public static NameRegistry Open(string dataDirectory)
    {
        var db = DataFile.Open(dataDirectory, FileName, "NORMAL", """
            CREATE TABLE IF NOT EXISTS names (
                name_key      TEXT    NOT NULL PRIMARY KEY,
                display_name  TEXT    NOT NULL,
                public_key    BLOB    NOT NULL,
                fingerprint   TEXT    NOT NULL,
                registered_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """);
        try
        {
            // Keys need ICU: without it the server fails here, at start, not at its first login.
            _ = NameRules.UnicodeDataSource;
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

    /// <summary>
    /// Who <paramref name="normalizedName"/> (accepted by <see cref="NameRules.TryNormalize"/>) reaches:
    /// a legacy name spelled so (up to case), else whoever owns its uniqueness key.
    /// </summary>
    public RegisteredName? Find(string normalizedName) =>
        FindLegacy(normalizedName) ?? _byKey.GetValueOrDefault(NameRules.UniquenessKey(normalizedName));

    /// <summary>
    /// Registers <paramref name="name"/> (accepted by <see cref="NameRules.TryNormalize"/>) to the key unless
    /// <see cref="Find"/> reaches a registered name; reports that name's owner either way. A conflict means
    /// another key owns it.
    /// </summary>
    public RegistrationOutcome Register(string name, byte[] publicKeySpki, string fingerprint)
    {
        TryRegister(name, publicKeySpki, fingerprint, int.MaxValue, out var outcome);
        return outcome;
    }

    /// <summary>
    /// <see cref="Register"/>, except that a key that already owns <paramref name="maxNamesPerKey"/> names
    /// registers no more: false then, and <paramref name="outcome"/> is default.
    /// </summary>
    public bool TryRegister(string name, byte[] publicKeySpki, string fingerprint, int maxNamesPerKey, out RegistrationOutcome outcome)
    {
        if (FindLegacy(name) is { } legacy)
        {
            outcome = new RegistrationOutcome(legacy, false, !legacy.IsOwnedBy(publicKeySpki));
            return true;
        }

        // Computed once: the lookalike key costs an ICU call for names that are not plain ASCII.
        var key = NameRules.UniquenessKey(name);
        if (_byKey.TryGetValue(key, out var existing))
        {
            outcome = new RegistrationOutcome(existing, false, !existing.IsOwnedBy(publicKeySpki));
            return true;
        }

        lock (_writeGate)
        {
            if (_byKey.TryGetValue(key, out existing))
            {
                outcome = new RegistrationOutcome(existing, false, !existing.IsOwnedBy(publicKeySpki));
                return true;
            }

            var owned = _namesPerKey.GetValueOrDefault(fingerprint);
            if (owned >= maxNamesPerKey)
            {
                outcome = default;
                return false;
            }

            var now = DateTimeOffset.UtcNow;
            using (var insert = _db.CreateCommand())
            {
                insert.CommandText = """
                    INSERT INTO names (name_key, display_name, public_key, fingerprint, registered_at)
                    VALUES ($key, $name, $key_spki, $fingerprint, $at)
                    ON CONFLICT (name_key) DO NOTHING;
                    """;
                insert.Parameters.AddWithValue("$key", key);
                insert.Parameters.AddWithValue("$name", name);
                insert.Parameters.AddWithValue("$key_spki", publicKeySpki);
                insert.Parameters.AddWithValue("$fingerprint", fingerprint);
                insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
                if (insert.ExecuteNonQuery() == 0 && ReadRow(key) is { } claimedElsewhere)
                {
                    // Another process sharing the file registered it first; its claim stands.
                    _byKey[key] = claimedElsewhere;
                    outcome = new RegistrationOutcome(claimedElsewhere, false, !claimedElsewhere.IsOwnedBy(publicKeySpki));
                    return true;
                }
            }

            var registered = new RegisteredName(key, name, ByteString.CopyFrom(publicKeySpki), fingerprint, now);
            _byKey[key] = registered;
            _namesPerKey[fingerprint] = owned + 1;
            outcome = new RegistrationOutcome(registered, true, false);
            return true;
        }
    }

    /// <summary>For the health check: true when the database file still answers a read.</summary>
    public bool IsUsable()
    {
        lock (_writeGate)
        {
            try
            {
                using var probe = _db.CreateCommand();
                probe.CommandText = "SELECT 1 FROM names LIMIT 1;";
                probe.ExecuteScalar();
                return true;
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException or ObjectDisposedException)
            {
                return false;
            }
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
        // Read and re-key under one write lock (BEGIN IMMEDIATE), so no registration lands in between.
        using var transaction = _db.BeginTransaction(deferred: false);
        var rows = new List<RegisteredName>();
        using (var select = _db.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT name_key, display_name, public_key, fingerprint, registered_at FROM names ORDER BY registered_at, name_key;";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(FromRow(reader));
            }
        }

        var rekeyed = new List<RegisteredName>(rows.Count);
        foreach (var row in rows)
        {
            _namesPerKey[row.Fingerprint] = _namesPerKey.GetValueOrDefault(row.Fingerprint) + 1;
            if (!IsUsable(row.PublicKey.Span))
            {
                _unusableKeys.Add(row);
            }

            var key = NameRules.UniquenessKey(row.Name);
            if (_byKey.TryGetValue(key, out var owner))
            {
                var legacy = row.WithKey(LegacyKeyPrefix + row.Name);
                _legacyByCaseFold.TryAdd(NameRules.CaseFoldKey(row.Name), legacy);
                _legacy.Add((legacy, owner));
                rekeyed.Add(legacy);
            }
            else
            {
                var current = row.WithKey(key);
                _byKey[key] = current;
                rekeyed.Add(current);
            }
        }

        if (!rekeyed.Select(r => r.Key).SequenceEqual(rows.Select(r => r.Key), StringComparer.Ordinal))
        {
            Rewrite(rekeyed, transaction);
        }

        transaction.Commit();
    }

    // Keys can swap between rows (one row's new key is another's old one), so the table is written anew.
    private void Rewrite(List<RegisteredName> rows, SqliteTransaction transaction)
    {
        using (var delete = _db.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM names;";
            delete.ExecuteNonQuery();
        }

        using var insert = _db.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO names (name_key, display_name, public_key, fingerprint, registered_at)
            VALUES ($key, $name, $key_spki, $fingerprint, $at);
            """;
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var spki = insert.Parameters.Add("$key_spki", SqliteType.Blob);
        var fingerprint = insert.Parameters.Add("$fingerprint", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        foreach (var row in rows)
        {
            key.Value = row.Key;
            name.Value = row.Name;
            spki.Value = row.PublicKey.ToByteArray();
            fingerprint.Value = row.Fingerprint;
            at.Value = row.RegisteredAt.ToUnixTimeMilliseconds();
            insert.ExecuteNonQuery();
        }
    }

    private RegisteredName? FindLegacy(string normalizedName) =>
        _legacyByCaseFold.Count > 0 ? _legacyByCaseFold.GetValueOrDefault(NameRules.CaseFoldKey(normalizedName)) : null;

    private static bool IsUsable(ReadOnlySpan<byte> spki)
    {
        try
        {
            PeerKey.FromSpki(spki).Dispose();
            return true;
        }
        catch (InvalidKeyException)
        {
            return false;
        }
    }

    private RegisteredName? ReadRow(string key)
    {
        using var select = _db.CreateCommand();
        select.CommandText = "SELECT name_key, display_name, public_key, fingerprint, registered_at FROM names WHERE name_key = $key;";
        select.Parameters.AddWithValue("$key", key);
        using var reader = select.ExecuteReader();
        return reader.Read() ? FromRow(reader) : null;
    }

    private static RegisteredName FromRow(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        ByteString.CopyFrom((byte[])reader.GetValue(2)),
        reader.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
}
