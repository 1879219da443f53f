using Parley.Crypto;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Bench.Crypto.Sessions;

/// <summary>
/// Alice and Bob with a session set up the way clients set one up: Alice's first message from Bob's bundle
/// (with the initial header), Bob's reply, so that Alice's later messages are bare ratchet messages.
/// </summary>
internal sealed class Conversation : IDisposable
{
    private Conversation(SessionParty alice, SessionParty bob, string? folder)
    {
        Alice = alice;
        Bob = bob;
        Folder = folder;
    }

    public SessionParty Alice { get; }

    public SessionParty Bob { get; }

    /// <summary>Where the SQLite stores are, or null in memory.</summary>
    public string? Folder { get; }

    public static Conversation InMemory(BenchIdentities identities) =>
        Started(SessionParty.InMemory("alice", identities.Alice), SessionParty.InMemory("bob", identities.Bob), null);

    /// <summary>Both ends on the client's SQLite store, each in its own folder under a new temporary one (on disk: /tmp here is not tmpfs).</summary>
    public static Conversation Sqlite(BenchIdentities identities, bool withoutSync = false)
    {
        var folder = Directory.CreateTempSubdirectory("parley-bench-crypto-").FullName;
        var alice = SessionParty.Sqlite("alice", identities.Alice, Path.Combine(folder, "alice"), withoutSync);
        var bob = SessionParty.Sqlite("bob", identities.Bob, Path.Combine(folder, "bob"), withoutSync);
        return Started(alice, bob, folder);
    }

    /// <summary>A <see cref="SessionContent"/> as the client writes one: the text and when it was sent.</summary>
    public static SessionContent Text(int bytes) =>
        new() { Text = new string('x', bytes), SentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };

    /// <summary>Seals at <paramref name="from"/> and opens at <paramref name="to"/>: one message, both ends' work.</summary>
    public static int SealAndOpen(SessionParty from, SessionParty to, SessionContent content)
    {
        var sealedMessage = from.Seal(to, content);
        return to.Open(from, sealedMessage.Envelope).Text.Length;
    }

    public void Dispose()
    {
        Alice.Dispose();
        Bob.Dispose();
        if (Folder is not null)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static Conversation Started(SessionParty alice, SessionParty bob, string? folder)
    {
        var conversation = new Conversation(alice, bob, folder);
        var hello = Text(5);
        SealAndOpen(alice, bob, hello);
        SealAndOpen(bob, alice, hello);
        return conversation;
    }
}
