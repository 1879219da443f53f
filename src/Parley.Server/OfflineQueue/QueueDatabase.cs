using Microsoft.Data.Sqlite;

namespace Parley.Server.OfflineQueue;

/// <summary>
/// The offline queue's SQLite file (<see cref="FileName"/> under the data directory), apart from the name registry's so
/// that a burst of queued messages (each commit an fsync) never waits on, or holds up, a registration. Used by one
/// thread at a time only: <see cref="OfflineMessageQueue"/>'s writer loop.
/// </summary>
/// <remarks>
/// WAL with synchronous = FULL: a message answered "queued" has reached the disk, so it survives a crash or a power
/// loss, not only a graceful restart. The writer loop commits several stores in one transaction, so the fsync is shared.
/// Recipients are kept by their registered name (<c>RegisteredName.Name</c>), which never changes, rather than by the
/// uniqueness key, which the registry recomputes at every start.
/// </remarks>
internal sealed class QueueDatabase : IDisposable
{
    public const string FileName = "queue.db";

    private readonly SqliteConnection _db;

    private QueueDatabase(SqliteConnection db)
    {
        _db = db;
    }

    public static QueueDatabase Open(string dataDirectory)
    {
        var db = DataFile.Open(dataDirectory, FileName, "FULL", """
            CREATE TABLE IF NOT EXISTS queued (
                recipient TEXT    NOT NULL,
                seq       INTEGER NOT NULL,
                sender    TEXT    NOT NULL,
                sealed    BLOB    NOT NULL,
                queued_at INTEGER NOT NULL,
                PRIMARY KEY (recipient, seq)
            );
            CREATE INDEX IF NOT EXISTS queued_by_age ON queued (queued_at);
            CREATE TABLE IF NOT EXISTS recipients (
                recipient TEXT    NOT NULL PRIMARY KEY,
                last_seq  INTEGER NOT NULL
            ) WITHOUT ROWID;
            """);
        return new QueueDatabase(db);
    }

    public SqliteTransaction Begin() => _db.BeginTransaction();

    /// <summary>Every recipient with something queued: its count and sealed bytes.</summary>
    public List<(string Recipient, int Count, long Bytes)> Totals()
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT recipient, COUNT(*), SUM(length(sealed)) FROM queued GROUP BY recipient;";
        using var reader = command.ExecuteReader();
        var totals = new List<(string, int, long)>();
        while (reader.Read())
        {
            totals.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)));
        }

        return totals;
    }

    /// <summary>Stores one message under the recipient's next sequence number (never reused, even once its queue is empty) and returns it.</summary>
    public long Insert(string recipient, string sender, byte[] sealedBytes, long queuedAtMs)
    {
        using var next = _db.CreateCommand();
        next.CommandText = """
            INSERT INTO recipients (recipient, last_seq) VALUES ($r, 1)
            ON CONFLICT (recipient) DO UPDATE SET last_seq = last_seq + 1
            RETURNING last_seq;
            """;
        next.Parameters.AddWithValue("$r", recipient);
        var seq = (long)next.ExecuteScalar()!;

        using var insert = _db.CreateCommand();
        insert.CommandText = "INSERT INTO queued (recipient, seq, sender, sealed, queued_at) VALUES ($r, $s, $f, $b, $t);";
        insert.Parameters.AddWithValue("$r", recipient);
        insert.Parameters.AddWithValue("$s", seq);
        insert.Parameters.AddWithValue("$f", sender);
        insert.Parameters.AddWithValue("$b", sealedBytes);
        insert.Parameters.AddWithValue("$t", queuedAtMs);
        insert.ExecuteNonQuery();
        return seq;
    }

    /// <summary>The recipient's queue, oldest first, at most <paramref name="limit"/> messages.</summary>
    public List<QueuedMessage> Load(string recipient, int limit)
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT seq, sender, sealed, queued_at FROM queued WHERE recipient = $r ORDER BY seq LIMIT $n;";
        command.Parameters.AddWithValue("$r", recipient);
        command.Parameters.AddWithValue("$n", limit);
        using var reader = command.ExecuteReader();
        var messages = new List<QueuedMessage>();
        while (reader.Read())
        {
            messages.Add(new QueuedMessage(reader.GetInt64(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetInt64(3)));
        }

        return messages;
    }

    /// <summary>Deletes the recipient's messages with seq &lt;= <paramref name="upTo"/>; returns how many and their sealed bytes.</summary>
    public (int Count, long Bytes) DeleteUpTo(string recipient, long upTo) =>
        Delete("recipient = $r AND seq <= $x", recipient, upTo);

    /// <summary>Deletes the recipient's messages queued before <paramref name="cutoffMs"/>.</summary>
    public (int Count, long Bytes) DeleteExpired(string recipient, long cutoffMs) =>
        Delete("recipient = $r AND queued_at < $x", recipient, cutoffMs);

    /// <summary>The recipients that have messages queued before <paramref name="cutoffMs"/>.</summary>
    public List<string> RecipientsWithExpired(long cutoffMs)
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT DISTINCT recipient FROM queued WHERE queued_at < $x;";
        command.Parameters.AddWithValue("$x", cutoffMs);
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public void Dispose() => _db.Dispose();

    private (int Count, long Bytes) Delete(string where, string recipient, long bound)
    {
        using var measure = _db.CreateCommand();
        measure.CommandText = $"SELECT COUNT(*), COALESCE(SUM(length(sealed)), 0) FROM queued WHERE {where};";
        measure.Parameters.AddWithValue("$r", recipient);
        measure.Parameters.AddWithValue("$x", bound);
        int count;
        long bytes;
        using (var reader = measure.ExecuteReader())
        {
            reader.Read();
            count = reader.GetInt32(0);
            bytes = reader.GetInt64(1);
        }

        if (count > 0)
        {
            using var delete = _db.CreateCommand();
            delete.CommandText = $"DELETE FROM queued WHERE {where};";
            delete.Parameters.AddWithValue("$r", recipient);
            delete.Parameters.AddWithValue("$x", bound);
            delete.ExecuteNonQuery();
        }

        return (count, bytes);
    }
}
