using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Parley.Protocol.Messages;

namespace Parley.Server.Prekeys;

/// <summary>
/// The prekeys each RSA key has published (docs/protocol.md §12.1), in SQLite under the data folder, keyed by the
/// owner's key id (SHA-256 of its SPKI), so bundles survive a restart. A file of its own beside the name registry's
/// parley.db: every bundle handed out deletes a one-time prekey, and those writes never wait behind a registration
/// (or the other way round), and the registry's file keeps the one table it loads whole at start. One connection,
/// one lock: every call is one transaction, so two fetches never take the same one-time prekey.
/// </summary>
internal sealed class PrekeyStore : IDisposable
{
    public const string FileName = "prekeys.db";

    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private PrekeyStore(SqliteConnection db)
    {
        _db = db;
    }

    public static PrekeyStore Open(string dataDirectory)
    {
        var db = DataFile.Open(dataDirectory, FileName, "NORMAL", """
            CREATE TABLE IF NOT EXISTS signed_prekeys (
                owner_key_id  BLOB    NOT NULL,
                kind          INTEGER NOT NULL,
                id            INTEGER NOT NULL,
                created_at_ms INTEGER NOT NULL,
                public_key    BLOB    NOT NULL,
                signature     BLOB    NOT NULL,
                PRIMARY KEY (owner_key_id, kind)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS one_time_prekeys (
                owner_key_id  BLOB    NOT NULL,
                id            INTEGER NOT NULL,
                public_key    BLOB    NOT NULL,
                UNIQUE (owner_key_id, id)
            );
            """);
        return new PrekeyStore(db);
    }

    /// <summary>What <paramref name="owner"/> has published.</summary>
    public PrekeyCounts Counts(byte[] owner)
    {
        lock (_gate)
        {
            using var transaction = _db.BeginTransaction(deferred: true);
            return Counts(owner, transaction);
        }
    }

    /// <summary>
    /// Stores a checked upload in one transaction: each signed key given replaces the stored one of its kind, and the
    /// one-time prekeys are added (after dropping the stored ones when <c>replace_one_time_prekeys</c>). Nothing is
    /// stored when the one-time prekeys would exceed <paramref name="maxOneTimePrekeys"/> or an id is already stored.
    /// </summary>
    public UploadOutcome Store(byte[] owner, UploadPrekeys upload, int maxOneTimePrekeys)
    {
        lock (_gate)
        {
            using var transaction = _db.BeginTransaction(deferred: false);
            var before = Counts(owner, transaction);
            var kept = upload.ReplaceOneTimePrekeys ? 0 : before.OneTimePrekeys;
            if (kept + upload.OneTimePrekeys.Count > maxOneTimePrekeys)
            {
                return new UploadOutcome(UploadResult.TooManyOneTimePrekeys, before, 0);
            }

            if (upload.ReplaceOneTimePrekeys)
            {
                using var delete = Command(transaction, "DELETE FROM one_time_prekeys WHERE owner_key_id = $owner;");
                delete.Parameters.AddWithValue("$owner", owner);
                delete.ExecuteNonQuery();
            }

            Replace(transaction, owner, 1, upload.IdentityAgreementKey);
            Replace(transaction, owner, 2, upload.SignedPrekey);
            Replace(transaction, owner, 3, upload.PqPrekey);

            using (var insert = Command(transaction, """
                INSERT INTO one_time_prekeys (owner_key_id, id, public_key) VALUES ($owner, $id, $key)
                ON CONFLICT (owner_key_id, id) DO NOTHING;
                """))
            {
                insert.Parameters.AddWithValue("$owner", owner);
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var key = insert.Parameters.Add("$key", SqliteType.Blob);
                foreach (var oneTime in upload.OneTimePrekeys)
                {
                    id.Value = (long)oneTime.Id;
                    key.Value = oneTime.PublicKey.ToByteArray();
                    if (insert.ExecuteNonQuery() == 0)
                    {
                        return new UploadOutcome(UploadResult.OneTimePrekeyIdTaken, before, oneTime.Id);
                    }
                }
            }

            var after = Counts(owner, transaction);
            transaction.Commit();
            return new UploadOutcome(UploadResult.Stored, after, 0);
        }
    }

    /// <summary>
    /// The owner's bundle, and with <paramref name="withOneTimePrekey"/> its oldest one-time prekey, deleted in the same
    /// transaction. Null when the owner has not published all three signed keys.
    /// </summary>
    public TakenBundle? Take(byte[] owner, bool withOneTimePrekey)
    {
        lock (_gate)
        {
            using var transaction = _db.BeginTransaction(deferred: false);
            SignedPrekey? identity = null, signed = null, pq = null;
            using (var select = Command(transaction, "SELECT kind, id, created_at_ms, public_key, signature FROM signed_prekeys WHERE owner_key_id = $owner;"))
            {
                select.Parameters.AddWithValue("$owner", owner);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var key = new SignedPrekey
                    {
                        Id = (uint)reader.GetInt64(1),
                        CreatedAtMs = reader.GetInt64(2),
                        PublicKey = ByteString.CopyFrom((byte[])reader.GetValue(3)),
                        Signature = ByteString.CopyFrom((byte[])reader.GetValue(4)),
                    };
                    switch (reader.GetInt64(0))
                    {
                        case 1: identity = key; break;
                        case 2: signed = key; break;
                        case 3: pq = key; break;
                    }
                }
            }

            if (identity is null || signed is null || pq is null)
            {
                return null;
            }

            OneTimePrekey? oneTime = null;
            if (withOneTimePrekey)
            {
                using var take = Command(transaction, """
                    DELETE FROM one_time_prekeys
                    WHERE rowid = (SELECT rowid FROM one_time_prekeys WHERE owner_key_id = $owner ORDER BY rowid LIMIT 1)
                    RETURNING id, public_key;
                    """);
                take.Parameters.AddWithValue("$owner", owner);
                using var reader = take.ExecuteReader();
                if (reader.Read())
                {
                    oneTime = new OneTimePrekey { Id = (uint)reader.GetInt64(0), PublicKey = ByteString.CopyFrom((byte[])reader.GetValue(1)) };
                }
            }

            var left = OneTimeCount(owner, transaction);
            transaction.Commit();
            return new TakenBundle(identity, signed, pq, oneTime, left);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _db.Dispose();
        }
    }

    private void Replace(SqliteTransaction transaction, byte[] owner, int kind, SignedPrekey? key)
    {
        if (key is null)
        {
            return;
        }

        using var upsert = Command(transaction, """
            INSERT INTO signed_prekeys (owner_key_id, kind, id, created_at_ms, public_key, signature)
            VALUES ($owner, $kind, $id, $at, $key, $signature)
            ON CONFLICT (owner_key_id, kind) DO UPDATE SET
                id = excluded.id, created_at_ms = excluded.created_at_ms, public_key = excluded.public_key, signature = excluded.signature;
            """);
        upsert.Parameters.AddWithValue("$owner", owner);
        upsert.Parameters.AddWithValue("$kind", kind);
        upsert.Parameters.AddWithValue("$id", (long)key.Id);
        upsert.Parameters.AddWithValue("$at", key.CreatedAtMs);
        upsert.Parameters.AddWithValue("$key", key.PublicKey.ToByteArray());
        upsert.Parameters.AddWithValue("$signature", key.Signature.ToByteArray());
        upsert.ExecuteNonQuery();
    }

    private PrekeyCounts Counts(byte[] owner, SqliteTransaction transaction)
    {
        var kinds = 0;
        long signedCreatedAtMs = 0;
        using (var select = Command(transaction, "SELECT kind, created_at_ms FROM signed_prekeys WHERE owner_key_id = $owner;"))
        {
            select.Parameters.AddWithValue("$owner", owner);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                kinds++;
                if (reader.GetInt64(0) == 2)
                {
                    signedCreatedAtMs = reader.GetInt64(1);
                }
            }
        }

        return new PrekeyCounts(kinds == 3, OneTimeCount(owner, transaction), signedCreatedAtMs);
    }

    private int OneTimeCount(byte[] owner, SqliteTransaction transaction)
    {
        using var count = Command(transaction, "SELECT COUNT(*) FROM one_time_prekeys WHERE owner_key_id = $owner;");
        count.Parameters.AddWithValue("$owner", owner);
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = _db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
