using Microsoft.Data.Sqlite;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Client.Storage;

/// <summary>One BEGIN IMMEDIATE transaction on a <see cref="SessionStore"/>: rolled back on dispose unless committed.</summary>
internal sealed class SessionStoreTransaction : ISessionTransaction
{
    private readonly SessionStore _store;
    private readonly SqliteTransaction _transaction;
    private StoredSessionKeys? _keys;
    private bool _disposed;

    public SessionStoreTransaction(SessionStore store, SqliteTransaction transaction)
    {
        _store = store;
        _transaction = transaction;
    }

    public ILocalSessionKeys Keys => _keys ??= new StoredSessionKeys(this, _store.Owner);

    public IReadOnlyList<StoredSession> SessionsWith(byte[] peerKeyId)
    {
        using var command = Command("SELECT base_key, state FROM sessions WHERE peer_key_id = $peer ORDER BY active_seq DESC;");
        command.Parameters.AddWithValue("$peer", peerKeyId);
        using var reader = command.ExecuteReader();
        var sessions = new List<StoredSession>();
        while (reader.Read())
        {
            sessions.Add(new StoredSession((byte[])reader[0], (byte[])reader[1]));
        }

        return sessions;
    }

    public void Save(byte[] peerKeyId, byte[] baseKey, byte[] state, bool active)
    {
        using var command = Command("""
            INSERT INTO sessions (peer_key_id, base_key, state, updated_at, active_seq)
            VALUES ($peer, $base, $state, $now, (SELECT COALESCE(MAX(active_seq), 0) + 1 FROM sessions))
            ON CONFLICT (peer_key_id, base_key) DO UPDATE SET
                state = excluded.state,
                updated_at = excluded.updated_at,
                active_seq = CASE WHEN $active THEN excluded.active_seq ELSE active_seq END;
            """);
        command.Parameters.AddWithValue("$peer", peerKeyId);
        command.Parameters.AddWithValue("$base", baseKey);
        command.Parameters.AddWithValue("$state", state);
        command.Parameters.AddWithValue("$now", _store.NowMs);
        command.Parameters.AddWithValue("$active", active);
        command.ExecuteNonQuery();
    }

    public void Delete(byte[] peerKeyId, byte[] baseKey)
    {
        using var command = Command("DELETE FROM sessions WHERE peer_key_id = $peer AND base_key = $base;");
        command.Parameters.AddWithValue("$peer", peerKeyId);
        command.Parameters.AddWithValue("$base", baseKey);
        command.ExecuteNonQuery();
    }

    public void DeleteOneTimePrekey(uint id)
    {
        using var command = Command("DELETE FROM one_time_prekeys WHERE id = $id;");
        command.Parameters.AddWithValue("$id", (long)id);
        command.ExecuteNonQuery();
    }

    public void Opened(byte[] senderKeyId, SessionNames names, byte[] messageId, ReadOnlySpan<byte> ratchetMessage, SessionContent content)
    {
        var key = OpenedMessageKey.Of(senderKeyId, names, ratchetMessage);
        if (OpenedMessageTable.Insert(this, key, messageId, content, _store.OpeningQueued, _store.NowMs, _store.Options))
        {
            _store.LastOpened = key;
        }
    }

    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _transaction.Commit();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _keys?.Dispose();
            _transaction.Dispose();
        }
        finally
        {
            _store.Release();
        }
    }

    // ---- key management, for SessionStore

    public SignedPublicKey? CurrentSigned(string table)
    {
        var kind = table == "pq_prekeys" ? PrekeyKind.PostQuantumPrekey : PrekeyKind.SignedPrekey;
        using var command = Command($"SELECT id, created_at, public, signature FROM {table} WHERE retired_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1;");
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new SignedPublicKey(kind, (uint)reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2], (byte[])reader[3])
            : null;
    }

    public void Retire(string table, DateTimeOffset now)
    {
        using var command = Command($"UPDATE {table} SET retired_at = $now WHERE retired_at IS NULL;");
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    public void ForgetRetired(long retiredBeforeMs)
    {
        foreach (var table in (string[])["signed_prekeys", "pq_prekeys"])
        {
            using var command = Command($"DELETE FROM {table} WHERE retired_at IS NOT NULL AND retired_at <= $before;");
            command.Parameters.AddWithValue("$before", retiredBeforeMs);
            command.ExecuteNonQuery();
        }
    }

    public void EnsureIdentityAgreementKey(DateTimeOffset now)
    {
        using (var exists = Command("SELECT COUNT(*) FROM identity_agreement_key;"))
        {
            if ((long)exists.ExecuteScalar()! > 0)
            {
                return;
            }
        }

        using var key = P256KeyPair.Generate(_store.Entropy);
        var signed = SignedPublicKey.Create(_store.Owner, PrekeyKind.IdentityAgreement, 0, now, key.PublicKey);
        using var insert = Command("INSERT INTO identity_agreement_key (id, private, public, signature, created_at) VALUES (0, $private, $public, $signature, $created);");
        insert.Parameters.AddWithValue("$private", key.ExportPrivate());
        insert.Parameters.AddWithValue("$public", signed.PublicKey);
        insert.Parameters.AddWithValue("$signature", signed.Signature);
        insert.Parameters.AddWithValue("$created", signed.CreatedAtMs);
        insert.ExecuteNonQuery();
    }

    public SignedPublicKey AddSignedPrekey(DateTimeOffset now)
    {
        using var key = P256KeyPair.Generate(_store.Entropy);
        var signed = SignedPublicKey.Create(_store.Owner, PrekeyKind.SignedPrekey, FreeId("signed_prekeys"), now, key.PublicKey);
        using var insert = Command("INSERT INTO signed_prekeys (id, private, public, signature, created_at) VALUES ($id, $private, $public, $signature, $created);");
        insert.Parameters.AddWithValue("$id", (long)signed.Id);
        insert.Parameters.AddWithValue("$private", key.ExportPrivate());
        insert.Parameters.AddWithValue("$public", signed.PublicKey);
        insert.Parameters.AddWithValue("$signature", signed.Signature);
        insert.Parameters.AddWithValue("$created", signed.CreatedAtMs);
        insert.ExecuteNonQuery();
        return signed;
    }

    public SignedPublicKey AddPostQuantumPrekey(DateTimeOffset now)
    {
        var key = MlKem768.Generate(_store.Entropy);
        var signed = SignedPublicKey.Create(_store.Owner, PrekeyKind.PostQuantumPrekey, FreeId("pq_prekeys"), now, key.PublicKey);
        using var insert = Command("INSERT INTO pq_prekeys (id, seed, public, signature, created_at) VALUES ($id, $seed, $public, $signature, $created);");
        insert.Parameters.AddWithValue("$id", (long)signed.Id);
        insert.Parameters.AddWithValue("$seed", key.ExportSeed());
        insert.Parameters.AddWithValue("$public", signed.PublicKey);
        insert.Parameters.AddWithValue("$signature", signed.Signature);
        insert.Parameters.AddWithValue("$created", signed.CreatedAtMs);
        insert.ExecuteNonQuery();
        return signed;
    }

    public IReadOnlyList<OneTimePrekey> AddOneTimePrekeys(int count, DateTimeOffset now)
    {
        var added = new List<OneTimePrekey>(Math.Max(0, count));
        for (var i = 0; i < count; i++)
        {
            using var key = P256KeyPair.Generate(_store.Entropy);
            var id = FreeId("one_time_prekeys");
            using var insert = Command("INSERT INTO one_time_prekeys (id, private, public, created_at) VALUES ($id, $private, $public, $created);");
            insert.Parameters.AddWithValue("$id", (long)id);
            insert.Parameters.AddWithValue("$private", key.ExportPrivate());
            insert.Parameters.AddWithValue("$public", key.PublicKey);
            insert.Parameters.AddWithValue("$created", now.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            added.Add(new OneTimePrekey(id, key.PublicKey));
        }

        return added;
    }

    public IReadOnlyList<OneTimePrekey> NotUploadedOneTimePrekeys(int limit)
    {
        using var command = Command("SELECT id, public FROM one_time_prekeys WHERE uploaded = 0 ORDER BY created_at, id LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", limit);
        return ReadOneTimePrekeys(command);
    }

    /// <summary>A one-time prekey not yet handed out by <see cref="SessionStore.CurrentBundle"/> (tests play the server with it).</summary>
    public OneTimePrekey NotHandedOut()
    {
        var key = NotUploadedOneTimePrekeys(1) is [var first] ? first : AddOneTimePrekeys(1, DateTimeOffset.FromUnixTimeMilliseconds(_store.NowMs))[0];
        MarkUploaded([key.Id]);
        return key;
    }

    // one_time_prekeys.uploaded: 0 never offered (or refused), 2 offered with no answer yet, 1 stored (or maybe stored).
    private const int NotOffered = 0;
    private const int Stored = 1;
    private const int Offered = 2;

    public void MarkUploaded(IEnumerable<uint> ids)
    {
        if (SetUploaded(ids, Stored) > 0)
        {
            SetMeta("one_time_prekeys_uploaded", "1");
        }
    }

    public void MarkOffered(IEnumerable<uint> ids) => SetUploaded(ids, Offered);

    public void MarkNotOffered(IEnumerable<uint> ids)
    {
        using var command = Command("UPDATE one_time_prekeys SET uploaded = $not WHERE id = $id AND uploaded = $offered;");
        command.Parameters.AddWithValue("$not", NotOffered);
        command.Parameters.AddWithValue("$offered", Offered);
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        foreach (var value in ids)
        {
            id.Value = (long)value;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>One-time prekeys offered in an upload whose answer never came, oldest first.</summary>
    public IReadOnlyList<OneTimePrekey> OfferedOneTimePrekeys()
    {
        using var command = Command("SELECT id, public FROM one_time_prekeys WHERE uploaded = $offered ORDER BY created_at, id;");
        command.Parameters.AddWithValue("$offered", Offered);
        return ReadOneTimePrekeys(command);
    }

    /// <summary>Rows of (id, public) as one-time prekeys.</summary>
    private static List<OneTimePrekey> ReadOneTimePrekeys(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var keys = new List<OneTimePrekey>();
        while (reader.Read())
        {
            keys.Add(new OneTimePrekey((uint)reader.GetInt64(0), (byte[])reader[1]));
        }

        return keys;
    }

    /// <summary>How many one-time prekeys may still be made in the current hour's window.</summary>
    public int MintAllowance(DateTimeOffset now, int perHour)
    {
        var (start, minted) = MintWindow();
        return now.ToUnixTimeMilliseconds() - start >= MintWindowMs ? perHour : Math.Max(0, perHour - minted);
    }

    public void CountMinted(DateTimeOffset now, int count)
    {
        var (start, minted) = MintWindow();
        var nowMs = now.ToUnixTimeMilliseconds();
        if (nowMs - start >= MintWindowMs)
        {
            (start, minted) = (nowMs, 0);
        }

        SetMeta("mint_window_start_ms", start.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SetMeta("minted_in_window", (minted + count).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Forgets the oldest stored one-time prekeys past <paramref name="max"/> held in all.</summary>
    public void ForgetOldestUploaded(int max)
    {
        var excess = OneTimePrekeyCount() - max;
        if (excess <= 0)
        {
            return;
        }

        using var command = Command("""
            DELETE FROM one_time_prekeys WHERE id IN
                (SELECT id FROM one_time_prekeys WHERE uploaded = $stored ORDER BY created_at, id LIMIT $excess);
            """);
        command.Parameters.AddWithValue("$stored", Stored);
        command.Parameters.AddWithValue("$excess", excess);
        command.ExecuteNonQuery();
    }

    private const long MintWindowMs = 3_600_000;

    private (long Start, int Minted) MintWindow()
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var start = long.TryParse(Meta("mint_window_start_ms"), culture, out var s) ? s : long.MinValue / 2;
        var minted = int.TryParse(Meta("minted_in_window"), culture, out var m) ? m : 0;
        return (start, minted);
    }

    private int SetUploaded(IEnumerable<uint> ids, int state)
    {
        using var command = Command("UPDATE one_time_prekeys SET uploaded = $state WHERE id = $id;");
        command.Parameters.AddWithValue("$state", state);
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var count = 0;
        foreach (var value in ids)
        {
            id.Value = (long)value;
            command.ExecuteNonQuery();
            count++;
        }

        return count;
    }

    public bool EverUploadedOneTimePrekeys() => Meta("one_time_prekeys_uploaded") is not null;

    public int OneTimePrekeyCount()
    {
        using var command = Command("SELECT COUNT(*) FROM one_time_prekeys;");
        return (int)(long)command.ExecuteScalar()!;
    }

    public string? Meta(string key)
    {
        using var command = Command("SELECT value FROM meta WHERE key = $key;");
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    public void SetMeta(string key, string value)
    {
        using var command = Command("INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;");
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    public void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    public SqliteCommand Command(string sql)
    {
        var command = _store.Connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private uint FreeId(string table)
    {
        while (true)
        {
            var id = SessionStore.RandomId();
            using var command = Command($"SELECT COUNT(*) FROM {table} WHERE id = $id;");
            command.Parameters.AddWithValue("$id", (long)id);
            if ((long)command.ExecuteScalar()! == 0)
            {
                return id;
            }
        }
    }
}
