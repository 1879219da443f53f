using System.Reflection;
using Microsoft.Data.Sqlite;
using Parley.Client;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Bench.Crypto.Sessions;

/// <summary>One end of a conversation: a real RSA identity, its session store (in memory or the client's SQLite one) and a sealer over it.</summary>
internal sealed class SessionParty : IDisposable
{
    private readonly LocalSessionKeys? _memoryKeys;
    private readonly SessionStore? _sqlite;

    private SessionParty(string name, Identity identity, ISessionStore store, LocalSessionKeys? memoryKeys, SessionStore? sqlite)
    {
        Name = name;
        Identity = identity;
        _memoryKeys = memoryKeys;
        _sqlite = sqlite;
        Sealer = new SessionSealer(store);
    }

    /// <summary>The registered name this party sends and receives as (bound into every message).</summary>
    public string Name { get; }

    public Identity Identity { get; }

    public PeerKey Key => Identity.PublicKey;

    public SessionSealer Sealer { get; }

    public static SessionParty InMemory(string name, Identity identity)
    {
        var keys = LocalSessionKeys.Create(identity, DateTimeOffset.UtcNow, SystemEntropy.Instance);
        return new SessionParty(name, identity, new MemorySessionStore(keys), keys, null);
    }

    /// <summary>
    /// The client's own store, sessions.db in <paramref name="folder"/>, opened as the client opens it; with
    /// <paramref name="withoutSync"/>, then switched to <c>synchronous = OFF</c> (not durable: a reference row that
    /// shows what SQLite costs without its fsyncs; the client never runs so).
    /// </summary>
    public static SessionParty Sqlite(string name, Identity identity, string folder, bool withoutSync = false)
    {
        var store = SessionStore.Open(Path.Combine(folder, SessionStore.FileName), identity);
        if (withoutSync)
        {
            // The connection is the store's own (internal): reached by reflection, for this reference row only.
            var connection = (SqliteConnection)typeof(SessionStore).GetProperty("Connection", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(store)!;
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous = OFF;";
            command.ExecuteNonQuery();
        }

        return new SessionParty(name, identity, store, null, store);
    }

    /// <summary>This party's bundle as the server would hand it out (with one one-time prekey), checked as a sender checks it.</summary>
    public VerifiedPrekeyBundle Bundle()
    {
        PrekeyBundle bundle;
        if (_memoryKeys is not null)
        {
            bundle = _memoryKeys.Bundle(_memoryKeys.AddOneTimePrekeys(1)[0]);
        }
        else
        {
            var upload = _sqlite!.PlanUpload(new PrekeyStatus(Published: false, OneTimePrekeys: 0, SignedPrekeyCreatedAt: null, RefillBelow: 1, MaxOneTimePrekeys: 1));
            _sqlite.MarkUploaded(upload);
            bundle = new PrekeyBundle(Key.KeyId, upload.IdentityAgreementKey!, upload.SignedPrekey!, upload.PostQuantumPrekey!, upload.OneTimePrekeys[0]);
        }

        return PrekeyBundleVerifier.Verify(bundle, Key);
    }

    /// <summary>Seals to <paramref name="to"/> as the client seals (<see cref="SessionSealer.SealAsync"/>), starting the session from its bundle when there is none yet.</summary>
    public SealedSessionMessage Seal(SessionParty to, SessionContent content) =>
        Sealer.SealAsync(to.Key, new SessionNames(Name, to.Name), content, _ => Task.FromResult(to.Bundle())).GetAwaiter().GetResult();

    /// <summary>Opens what <paramref name="from"/> sealed; anything but an opened message is a broken benchmark.</summary>
    public SessionContent Open(SessionParty from, byte[] envelope)
    {
        var result = Sealer.Open(from.Key, new SessionNames(from.Name, Name), envelope);
        return result.Status == SessionOpenStatus.Opened
            ? result.Content!
            : throw new InvalidOperationException($"a benchmark message did not open: {result.Status}");
    }

    public void Dispose()
    {
        Sealer.Dispose();
        _memoryKeys?.Dispose();
        _sqlite?.Dispose();
    }
}
