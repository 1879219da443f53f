using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// Sessions are between keys and a key may own several names, so every session message binds the sender's and the
/// recipient's name (docs/sessions.md §5): one sealed for another name of the recipient's key, or relabelled as from
/// another name of the sender's key, does not open, and the store is exactly as before, so the real one still opens.
/// </summary>
public sealed class SessionNameBindingTests : IDisposable
{
    private readonly Identities _ids = new();
    private readonly MemorySessionStore _aliceStore;
    private readonly MemorySessionStore _bobStore;
    private readonly SessionSealer _alice;
    private readonly SessionSealer _bob;

    public SessionNameBindingTests()
    {
        _aliceStore = new MemorySessionStore(LocalSessionKeys.Create(_ids.Alice, DateTimeOffset.UtcNow, SystemEntropy.Instance));
        _bobStore = new MemorySessionStore(LocalSessionKeys.Create(_ids.Bob, DateTimeOffset.UtcNow, SystemEntropy.Instance));
        _alice = new SessionSealer(_aliceStore);
        _bob = new SessionSealer(_bobStore);
    }

    private static SessionNames AliceToBob => new("alice", "bob");

    private static SessionNames BobToAlice => new("bob", "alice");

    public static TheoryData<string, string> WrongNamesForAliceToBob => new()
    {
        { "alice", "bob-work" },   // delivered to another name of bob's key
        { "alice2", "bob" },       // relabelled as from another name of alice's key
        { "bob", "alice" },        // the names swapped
        { "alice", "bobb" },
    };

    [Fact]
    public void Messages_both_ways_open_with_the_names_they_were_sealed_for()
    {
        Assert.Equal("hi", Open(_bob, _ids.Alice, AliceToBob, SealFirst("hi")));
        Assert.Equal("hello", Open(_alice, _ids.Bob, BobToAlice, _bob.Seal(_ids.Alice.PublicKey, BobToAlice, Text("hello")).Envelope));
        Assert.Equal("again", Open(_bob, _ids.Alice, AliceToBob, _alice.Seal(_ids.Bob.PublicKey, AliceToBob, Text("again")).Envelope));
    }

    [Fact]
    public void Names_that_differ_only_in_case_or_normalization_are_the_same_name()
    {
        var sealedBytes = SealFirst("hi", new SessionNames("Alice", "ZOE\u0308"));

        Assert.Equal("hi", Open(_bob, _ids.Alice, new SessionNames("alice", "zo\u00EB"), sealedBytes));
    }

    [Theory]
    [MemberData(nameof(WrongNamesForAliceToBob))]
    public void A_first_message_opened_under_other_names_is_refused_and_changes_nothing(string sender, string recipient)
    {
        var first = SealFirst("for bob only");
        var oneTimeBefore = _bobStore.Keys.OneTimePrekeyCount;

        var refused = Assert.Throws<SessionRejectedException>(() => _bob.Open(_ids.Alice.PublicKey, new SessionNames(sender, recipient), first));

        Assert.Equal(SessionRejection.Tampered, refused.Reason);
        Assert.Contains($"'{sender}' to '{recipient}'", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_bobStore.Snapshot());
        Assert.Equal(oneTimeBefore, _bobStore.Keys.OneTimePrekeyCount);
        Assert.Equal("for bob only", Open(_bob, _ids.Alice, AliceToBob, first));
        Assert.Equal(oneTimeBefore - 1, _bobStore.Keys.OneTimePrekeyCount);
    }

    [Theory]
    [MemberData(nameof(WrongNamesForAliceToBob))]
    public void A_message_of_a_session_opened_under_other_names_is_refused_and_leaves_the_state_as_it_was(string sender, string recipient)
    {
        Open(_bob, _ids.Alice, AliceToBob, SealFirst("setting up"));
        Open(_alice, _ids.Bob, BobToAlice, _bob.Seal(_ids.Alice.PublicKey, BobToAlice, Text("reply")).Envelope);
        var skippedOver = _alice.Seal(_ids.Bob.PublicKey, AliceToBob, Text("one")).Envelope;
        var ahead = _alice.Seal(_ids.Bob.PublicKey, AliceToBob, Text("two")).Envelope;
        var before = _bobStore.Snapshot();

        // A new ratchet step, and a skipped message key: neither is taken by a message under the wrong names.
        var refused = Assert.Throws<SessionRejectedException>(() => _bob.Open(_ids.Alice.PublicKey, new SessionNames(sender, recipient), ahead));
        Assert.Equal(SessionRejection.Tampered, refused.Reason);
        Assert.Equal(before, _bobStore.Snapshot());

        Assert.Equal("two", Open(_bob, _ids.Alice, AliceToBob, ahead));
        var afterAhead = _bobStore.Snapshot();
        Assert.Throws<SessionRejectedException>(() => _bob.Open(_ids.Alice.PublicKey, new SessionNames(sender, recipient), skippedOver));
        Assert.Equal(afterAhead, _bobStore.Snapshot());
        Assert.Equal("one", Open(_bob, _ids.Alice, AliceToBob, skippedOver));
    }

    [Fact]
    public void A_receipt_is_bound_to_the_names_like_any_message()
    {
        Open(_bob, _ids.Alice, AliceToBob, SealFirst("hi"));
        var receipt = new SessionContent { Receipts = { Google.Protobuf.ByteString.CopyFrom(new byte[16]) } };
        var sealedReceipt = _bob.Seal(_ids.Alice.PublicKey, BobToAlice, receipt).Envelope;

        Assert.Throws<SessionRejectedException>(() => _alice.Open(_ids.Bob.PublicKey, new SessionNames("bob-work", "alice"), sealedReceipt));
        Assert.Single(_alice.Open(_ids.Bob.PublicKey, BobToAlice, sealedReceipt).Content!.Receipts);
    }

    [Fact]
    public void The_bound_bytes_are_the_label_then_each_name_up_to_case_with_its_length()
    {
        var names = new SessionNames("Zoë", "BOB");

        Assert.Equal("zoë", names.Sender);
        Assert.Equal("bob", names.Recipient);
        byte[] expected = [.. "PARLEY-SESSION-NAMES-V1\0"u8, 0, 0, 0, 4, .. "zoë"u8, 0, 0, 0, 3, .. "bob"u8];
        Assert.Equal(expected, names.Bound.ToArray());
        Assert.Throws<ArgumentException>(() => new SessionNames("al ice", "bob"));
    }

    public void Dispose()
    {
        _aliceStore.Keys.Dispose();
        _bobStore.Keys.Dispose();
    }

    private static SessionContent Text(string text) => new() { Text = text, SentAtMs = 1 };

    private static string Open(SessionSealer sealer, Identity from, SessionNames names, byte[] envelope)
    {
        var result = sealer.Open(from.PublicKey, names, envelope);
        Assert.Equal(SessionOpenStatus.Opened, result.Status);
        return result.Content!.Text;
    }

    private byte[] SealFirst(string text, SessionNames? names = null)
    {
        var oneTime = _bobStore.Keys.AddOneTimePrekeys(1)[0];
        using var bundle = PrekeyBundleVerifier.Verify(_bobStore.Keys.Bundle(oneTime), _ids.Bob.PublicKey);
        return _alice.Seal(_ids.Bob.PublicKey, names ?? AliceToBob, Text(text), bundle).Envelope;
    }
}
