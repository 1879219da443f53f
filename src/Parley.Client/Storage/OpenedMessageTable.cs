using Google.Protobuf;
using Parley.Crypto.Envelope;

namespace Parley.Client.Storage;

/// <summary>
/// sessions.db's opened_messages (docs/sessions.md §13, "Opened messages"): the plaintext of messages this home opened,
/// written in the transaction that deleted their message key, so a delivery of the same bytes that can no longer open
/// (a queued message handed over again because the application never took it; the same live message reaching the
/// home's other connection) can still be shown. Kept as briefly as that allows: a live message for the window, a queued
/// one until taken and past the window, none past the age or count bounds (<see cref="SessionStoreOptions"/>).
/// </summary>
internal static class OpenedMessageTable
{
    /// <summary>Keeps an opened message; false when nothing is kept (<see cref="SessionStoreOptions.MaxOpenedMessages"/> 0).</summary>
    public static bool Insert(SessionStoreTransaction transaction, OpenedMessageKey key, byte[] messageId, SessionContent content, bool queued, long nowMs, SessionStoreOptions options)
    {
        if (options.MaxOpenedMessages == 0)
        {
            return false;
        }

        using var command = transaction.Command("""
            INSERT INTO opened_messages (sender_key_id, digest, message_id, content, opened_at, queued)
            VALUES ($sender, $digest, $id, $content, $now, $queued)
            ON CONFLICT (sender_key_id, digest) DO NOTHING;
            """);
        command.Parameters.AddWithValue("$sender", key.SenderKeyIdBytes);
        command.Parameters.AddWithValue("$digest", key.DigestBytes);
        command.Parameters.AddWithValue("$id", messageId);
        command.Parameters.AddWithValue("$content", content.ToByteArray());
        command.Parameters.AddWithValue("$now", nowMs);
        command.Parameters.AddWithValue("$queued", queued);
        command.ExecuteNonQuery();
        Prune(transaction, nowMs, options);
        return true;
    }

    public static StoredOpenedMessage? Find(SessionStoreTransaction transaction, OpenedMessageKey key)
    {
        using var command = transaction.Command("""
            SELECT message_id, content, opened_at, queued, taken_at FROM opened_messages
            WHERE sender_key_id = $sender AND digest = $digest;
            """);
        command.Parameters.AddWithValue("$sender", key.SenderKeyIdBytes);
        command.Parameters.AddWithValue("$digest", key.DigestBytes);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        SessionContent content;
        try
        {
            content = SessionContent.Parser.ParseFrom((byte[])reader[1]);
        }
        catch (InvalidProtocolBufferException)
        {
            return null; // a damaged row: the delivery is refused as the replay it otherwise is
        }

        return new StoredOpenedMessage(
            (byte[])reader[0],
            content,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            reader.GetInt64(3) != 0,
            reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
    }

    public static void MarkTaken(SessionStoreTransaction transaction, IEnumerable<OpenedMessageKey> keys, long nowMs)
    {
        using var command = transaction.Command("""
            UPDATE opened_messages SET taken_at = $now
            WHERE sender_key_id = $sender AND digest = $digest AND taken_at IS NULL;
            """);
        command.Parameters.AddWithValue("$now", nowMs);
        var sender = command.Parameters.Add("$sender", Microsoft.Data.Sqlite.SqliteType.Blob);
        var digest = command.Parameters.Add("$digest", Microsoft.Data.Sqlite.SqliteType.Blob);
        foreach (var key in keys)
        {
            sender.Value = key.SenderKeyIdBytes;
            digest.Value = key.DigestBytes;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Deletes (secure_delete overwrites them) the rows nobody can need any more: past the window, live ones and taken ones;
    /// past the age bound, all; beyond the count bound, the oldest.
    /// </summary>
    public static void Prune(SessionStoreTransaction transaction, long nowMs, SessionStoreOptions options)
    {
        using (var expired = transaction.Command("""
            DELETE FROM opened_messages
            WHERE (opened_at <= $windowStart AND (queued = 0 OR taken_at IS NOT NULL)) OR opened_at <= $ageStart;
            """))
        {
            expired.Parameters.AddWithValue("$windowStart", nowMs - (long)options.OpenedMessageWindow.TotalMilliseconds);
            expired.Parameters.AddWithValue("$ageStart", nowMs - (long)options.MaxOpenedMessageAge.TotalMilliseconds);
            expired.ExecuteNonQuery();
        }

        using var beyond = transaction.Command("""
            DELETE FROM opened_messages WHERE (sender_key_id, digest) IN (
                SELECT sender_key_id, digest FROM opened_messages ORDER BY opened_at DESC LIMIT -1 OFFSET $max);
            """);
        beyond.Parameters.AddWithValue("$max", options.MaxOpenedMessages);
        beyond.ExecuteNonQuery();
    }

    public static int Count(SessionStoreTransaction transaction)
    {
        using var command = transaction.Command("SELECT COUNT(*) FROM opened_messages;");
        return (int)(long)command.ExecuteScalar()!;
    }
}
