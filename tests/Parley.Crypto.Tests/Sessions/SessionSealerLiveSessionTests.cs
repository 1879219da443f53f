using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// A sealer keeps the sessions it used live between messages (<c>LiveSessions</c>), and must drop a live session as
/// soon as another sealer on the same store (a chat window and a script on one home) has moved it on: otherwise it
/// would seal with a message key already used, or open a message the other one already opened. A session is kept
/// live only once its transaction has committed.
/// </summary>
public sealed class SessionSealerLiveSessionTests : IDisposable
{
    private static readonly SessionNames AliceToBob = new("alice", "bob");

    private readonly Identities _ids = new();
    private readonly MemorySessionStore _aliceStore;
    private readonly MemorySessionStore _bobStore;

    public SessionSealerLiveSessionTests()
    {
        _aliceStore = new MemorySessionStore(LocalSessionKeys.Create(_ids.Alice, DateTimeOffset.UtcNow, SystemEntropy.Instance));
        _bobStore = new MemorySessionStore(LocalSessionKeys.Create(_ids.Bob, DateTimeOffset.UtcNow, SystemEntropy.Instance));
    }

    [Fact]
    public void Two_sealers_taking_turns_on_one_store_never_reuse_a_message_number_and_every_message_opens()
    {
        using var window = new SessionSealer(_aliceStore);
        using var script = new SessionSealer(_aliceStore);
        using var bob = new SessionSealer(_bobStore);
        var envelopes = new List<byte[]> { SealFirst(window, "0") };
        for (var i = 1; i < 7; i++)
        {
            var sealer = i % 3 == 0 ? window : script;
            envelopes.Add(sealer.Seal(_ids.Bob.PublicKey, AliceToBob, Text($"{i}")).Envelope);
        }

        var numbers = envelopes.Select(e => RatchetHeader.Decode(SessionMessage.Parser.ParseFrom(e).Ratchet.Span, out _).MessageNumber).ToList();
        Assert.Equal([0u, 1, 2, 3, 4, 5, 6], numbers);
        Assert.Equal(
            ["0", "1", "2", "3", "4", "5", "6"],
            envelopes.Select(e => bob.Open(_ids.Alice.PublicKey, AliceToBob, e).Content!.Text));
    }

    [Fact]
    public void A_message_another_opener_on_the_store_opened_is_refused_as_replayed()
    {
        using var alice = new SessionSealer(_aliceStore);
        using var bobWindow = new SessionSealer(_bobStore);
        using var bobScript = new SessionSealer(_bobStore);
        Assert.Equal("hi", bobWindow.Open(_ids.Alice.PublicKey, AliceToBob, SealFirst(alice, "hi")).Content!.Text);
        var second = alice.Seal(_ids.Bob.PublicKey, AliceToBob, Text("once")).Envelope;

        Assert.Equal("once", bobScript.Open(_ids.Alice.PublicKey, AliceToBob, second).Content!.Text);
        var again = Assert.Throws<SessionRejectedException>(() => bobWindow.Open(_ids.Alice.PublicKey, AliceToBob, second));

        Assert.Equal(SessionRejection.Replayed, again.Reason);
        var third = alice.Seal(_ids.Bob.PublicKey, AliceToBob, Text("next")).Envelope;
        Assert.Equal("next", bobWindow.Open(_ids.Alice.PublicKey, AliceToBob, third).Content!.Text);
    }

    [Fact]
    public void A_sealer_disposed_and_made_again_carries_on_from_the_store()
    {
        using var bob = new SessionSealer(_bobStore);
        var first = new SessionSealer(_aliceStore);
        bob.Open(_ids.Alice.PublicKey, AliceToBob, SealFirst(first, "before"));
        first.Dispose();

        using var second = new SessionSealer(_aliceStore);
        var next = second.Seal(_ids.Bob.PublicKey, AliceToBob, Text("after")).Envelope;

        Assert.Equal("after", bob.Open(_ids.Alice.PublicKey, AliceToBob, next).Content!.Text);
    }

    [Fact]
    public void A_seal_whose_commit_fails_returns_nothing_and_the_next_seal_takes_its_place()
    {
        var failing = new FailingCommitStore(_aliceStore);
        using var alice = new SessionSealer(failing);
        using var bob = new SessionSealer(_bobStore);
        bob.Open(_ids.Alice.PublicKey, AliceToBob, SealFirst(alice, "first"));

        failing.FailNextCommit = true;
        Assert.Throws<IOException>(() => alice.Seal(_ids.Bob.PublicKey, AliceToBob, Text("lost")));
        var retry = alice.Seal(_ids.Bob.PublicKey, AliceToBob, Text("retry")).Envelope;
        var next = alice.Seal(_ids.Bob.PublicKey, AliceToBob, Text("next")).Envelope;

        Assert.Equal(1u, RatchetHeader.Decode(SessionMessage.Parser.ParseFrom(retry).Ratchet.Span, out _).MessageNumber);
        Assert.Equal("retry", bob.Open(_ids.Alice.PublicKey, AliceToBob, retry).Content!.Text);
        Assert.Equal("next", bob.Open(_ids.Alice.PublicKey, AliceToBob, next).Content!.Text);
    }

    public void Dispose()
    {
        _aliceStore.Keys.Dispose();
        _bobStore.Keys.Dispose();
    }

    private static SessionContent Text(string text) => new() { Text = text, SentAtMs = 1 };

    private byte[] SealFirst(SessionSealer sealer, string text)
    {
        var oneTime = _bobStore.Keys.AddOneTimePrekeys(1)[0];
        using var bundle = PrekeyBundleVerifier.Verify(_bobStore.Keys.Bundle(oneTime), _ids.Bob.PublicKey);
        return sealer.Seal(_ids.Bob.PublicKey, AliceToBob, Text(text), bundle).Envelope;
    }

    /// <summary>A store whose next commit fails once when asked to, as a full disk would make SQLite's fail.</summary>
    private sealed class FailingCommitStore(ISessionStore inner) : ISessionStore
    {
        public bool FailNextCommit { get; set; }

        public ISessionTransaction Begin() => new Transaction(this, inner.Begin());

        private sealed class Transaction(FailingCommitStore store, ISessionTransaction inner) : ISessionTransaction
        {
            public ILocalSessionKeys Keys => inner.Keys;

            public IReadOnlyList<StoredSession> SessionsWith(byte[] peerKeyId) => inner.SessionsWith(peerKeyId);

            public void Save(byte[] peerKeyId, byte[] baseKey, byte[] state, bool active) => inner.Save(peerKeyId, baseKey, state, active);

            public void Delete(byte[] peerKeyId, byte[] baseKey) => inner.Delete(peerKeyId, baseKey);

            public void DeleteOneTimePrekey(uint id) => inner.DeleteOneTimePrekey(id);

            public void Opened(byte[] senderKeyId, SessionNames names, byte[] messageId, ReadOnlySpan<byte> ratchetMessage, SessionContent content) =>
                inner.Opened(senderKeyId, names, messageId, ratchetMessage, content);

            public void Commit()
            {
                if (store.FailNextCommit)
                {
                    store.FailNextCommit = false;
                    throw new IOException("disk full");
                }

                inner.Commit();
            }

            public void Dispose() => inner.Dispose();
        }
    }
}
