using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests.Support;

/// <summary>
/// One identity with its own home's session store and a sealer over it. Bundles are taken straight from the
/// peer's store (as the server would hand them out: one one-time prekey each), so no server is needed.
/// </summary>
internal sealed class SessionParty : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    public SessionParty(TempDir root, string name, int keyIndex, FakeTimeProvider? time = null, SessionStoreOptions? options = null)
    {
        Name = name;
        Options = options;
        KeyIndex = keyIndex;
        Identity = TestIdentities.Get(keyIndex);
        Time = time ?? new FakeTimeProvider(Start);
        DbPath = root.Combine(name, "identities", "x", SessionStore.FileName);
        Store = SessionStore.Open(DbPath, Identity, options, time: Time);
        Sealer = new SessionSealer(Store, time: Time);
    }

    /// <summary>The name this party sends and receives as (bound into every message: <see cref="SessionNames"/>).</summary>
    public string Name { get; }
    public SessionStoreOptions? Options { get; }

    public int KeyIndex { get; }

    public Identity Identity { get; }

    public PeerKey Key => Identity.PublicKey;

    public FakeTimeProvider Time { get; }

    public string DbPath { get; }

    public SessionStore Store { get; private set; }

    public SessionSealer Sealer { get; private set; }

    public static SessionContent Content(string text) => new() { Text = text, SentAtMs = Start.ToUnixTimeMilliseconds() };

    /// <summary>A verified bundle of this party's, as the server would hand it out.</summary>
    public VerifiedPrekeyBundle Bundle(bool withOneTimePrekey = true) =>
        PrekeyBundleVerifier.Verify(Store.CurrentBundle(withOneTimePrekey), Key);

    /// <summary>Seals <paramref name="text"/> to <paramref name="to"/>, fetching its bundle when there is no session.</summary>
    public SealedSessionMessage Send(SessionParty to, string text)
    {
        if (Sealer.HasSession(to.Key))
        {
            return Sealer.Seal(to.Key, NamesTo(to), Content(text));
        }

        using var bundle = to.Bundle();
        return Sealer.Seal(to.Key, NamesTo(to), Content(text), bundle);
    }

    /// <summary>The names of a message from this party to <paramref name="to"/>.</summary>
    public SessionNames NamesTo(SessionParty to) => new(Name, to.Name);

    public SessionOpenResult Receive(SessionParty from, SealedSessionMessage message) => Receive(from, message.Envelope);

    public SessionOpenResult Receive(SessionParty from, byte[] envelope) => Sealer.Open(from.Key, from.NamesTo(this), envelope);

    /// <summary>Opens and returns the text, failing the test if it did not open.</summary>
    public string Read(SessionParty from, SealedSessionMessage message)
    {
        var result = Receive(from, message);
        Assert.Equal(SessionOpenStatus.Opened, result.Status);
        Assert.Equal(message.MessageId, result.MessageId);
        return result.Content!.Text;
    }

    public void Reopen()
    {
        Store.Dispose();
        Store = SessionStore.Open(DbPath, Identity, Options, time: Time);
        Sealer = new SessionSealer(Store, time: Time);
    }

    /// <summary>Loses every session and session key, as a wiped home would (the RSA identity stays).</summary>
    public void Wipe()
    {
        Store.Dispose();
        File.Delete(DbPath);
        Store = SessionStore.Open(DbPath, Identity, time: Time);
        Sealer = new SessionSealer(Store, time: Time);
    }

    /// <summary>Every session row and one-time prekey id as bytes, read through a separate connection: equal snapshots mean nothing changed.</summary>
    public byte[] Snapshot()
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var command = db.CreateCommand();
        var bytes = new List<byte>();
        foreach (var sql in (string[])[
            "SELECT peer_key_id, base_key, state, active_seq FROM sessions ORDER BY peer_key_id, base_key;",
            "SELECT id FROM one_time_prekeys ORDER BY id;"])
        {
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    bytes.AddRange(reader[i] is byte[] blob ? blob : BitConverter.GetBytes(reader.GetInt64(i)));
                }
            }
        }

        return [.. bytes];
    }

    public int SessionCount()
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sessions;";
        return (int)(long)command.ExecuteScalar()!;
    }

    public static SessionMessage Parse(SealedSessionMessage message) => SessionMessage.Parser.ParseFrom(message.Envelope);

    public void Dispose() => Store.Dispose();
}
