using Parley.Client.Tests.Support;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests;

/// <summary>A one-time prekey is deleted in the transaction that opens the first message using it, and only then.</summary>
public sealed class SessionOneTimePrekeyTests : IDisposable
{
    private readonly TempDir _root = new("parley-sessions");
    private readonly SessionParty _alice;
    private readonly SessionParty _bob;

    public SessionOneTimePrekeyTests()
    {
        _alice = new SessionParty(_root, "alice", 0);
        _bob = new SessionParty(_root, "bob", 1);
    }

    [Fact]
    public void The_used_one_time_prekey_is_gone_once_the_first_message_opened()
    {
        using var bundle = _bob.Bundle();
        var used = bundle.OneTimePrekeyId!.Value;
        var first = _alice.Sealer.Seal(_bob.Key, _alice.NamesTo(_bob), SessionParty.Content("hi"), bundle);
        Assert.True(HoldsOneTimePrekey(used));

        _bob.Read(_alice, first);

        Assert.False(HoldsOneTimePrekey(used));
    }

    [Fact]
    public void A_tampered_first_message_leaves_the_one_time_prekey_and_the_real_one_still_opens()
    {
        using var bundle = _bob.Bundle();
        var used = bundle.OneTimePrekeyId!.Value;
        var first = _alice.Sealer.Seal(_bob.Key, _alice.NamesTo(_bob), SessionParty.Content("hi"), bundle);
        var parsed = SessionParty.Parse(first);
        var ratchet = parsed.Ratchet.ToByteArray();
        ratchet[^1] ^= 0x80;
        parsed.Ratchet = Google.Protobuf.ByteString.CopyFrom(ratchet);

        var before = _bob.Snapshot();
        var refused = Assert.Throws<SessionRejectedException>(() => _bob.Receive(_alice, Google.Protobuf.MessageExtensions.ToByteArray(parsed)));
        Assert.Equal(SessionRejection.Tampered, refused.Reason);
        Assert.True(HoldsOneTimePrekey(used));
        Assert.Equal(0, _bob.SessionCount());
        Assert.Equal(before, _bob.Snapshot());

        Assert.Equal("hi", _bob.Read(_alice, first));
        Assert.False(HoldsOneTimePrekey(used));
    }

    [Fact]
    public void A_first_message_whose_identity_key_is_not_the_senders_is_refused()
    {
        using var mallory = new SessionParty(_root, "mallory", 2);
        var first = _alice.Send(_bob, "signed by alice");
        var before = _bob.Snapshot();
        var refused = Assert.Throws<SessionRejectedException>(() => _bob.Receive(mallory, first));
        Assert.Equal(SessionRejection.BadSignature, refused.Reason);
        Assert.Equal(before, _bob.Snapshot());
    }

    private bool HoldsOneTimePrekey(uint id)
    {
        using var transaction = _bob.Store.Begin();
        return transaction.Keys.FindOneTimePrekey(id) is not null;
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _root.Dispose();
    }
}
