using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>Issue 13's budget (docs/sessions.md §7): a 256-byte text's ratchet message is the 320-byte bucket.</summary>
public sealed class SessionEnvelopeSizeTests : IDisposable
{
    private readonly TempDir _root = new("parley-sessions");

    [Fact]
    public void A_256_byte_texts_session_message_is_at_most_325_bytes()
    {
        using var alice = new SessionParty(_root, "alice", 0);
        using var bob = new SessionParty(_root, "bob", 1);
        bob.Read(alice, alice.Send(bob, "hello"));
        alice.Read(bob, bob.Send(alice, "hello back"));

        var text = new string('x', 256);
        var message = alice.Sealer.Seal(bob.Key, alice.NamesTo(bob), new Crypto.Envelope.SessionContent
        {
            Text = text,
            SentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        });

        Assert.Equal(320, SessionParty.Parse(message).Ratchet.Length);
        Assert.True(message.Envelope.Length <= 325, $"{message.Envelope.Length} bytes");
        Assert.Equal(text, bob.Read(alice, message));
    }

    public void Dispose() => _root.Dispose();
}
