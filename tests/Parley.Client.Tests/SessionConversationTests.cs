using Parley.Client.Tests.Support;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests;

/// <summary>Two homes talk through the session sealer and their SQLite stores (envelope format 2).</summary>
public sealed class SessionConversationTests : IDisposable
{
    private readonly TempDir _root = new("parley-sessions");
    private readonly SessionParty _alice;
    private readonly SessionParty _bob;

    public SessionConversationTests()
    {
        _alice = new SessionParty(_root, "alice", 0);
        _bob = new SessionParty(_root, "bob", 1);
    }

    [Fact]
    public void The_first_message_sets_up_the_session_and_carries_the_initial_header_until_a_reply_opens()
    {
        var first = _alice.Send(_bob, "hello bob");
        Assert.True(first.StartedSession);
        Assert.False(SessionParty.Parse(first).InitialHeader.IsEmpty);
        var opened = _bob.Receive(_alice, first);
        Assert.Equal(SessionOpenStatus.Opened, opened.Status);
        Assert.True(opened.StartedSession);
        Assert.Equal("hello bob", opened.Content!.Text);
        Assert.Equal(first.MessageId, opened.MessageId);

        var second = _alice.Send(_bob, "still there?");
        Assert.False(second.StartedSession);
        Assert.False(SessionParty.Parse(second).InitialHeader.IsEmpty);
        Assert.Equal("still there?", _bob.Read(_alice, second));

        var reply = _bob.Send(_alice, "hi alice");
        Assert.False(reply.StartedSession);
        Assert.True(SessionParty.Parse(reply).InitialHeader.IsEmpty);
        Assert.Equal("hi alice", _alice.Read(_bob, reply));

        var after = _alice.Send(_bob, "good");
        Assert.True(SessionParty.Parse(after).InitialHeader.IsEmpty);
        Assert.Equal("good", _bob.Read(_alice, after));
        Assert.Equal(1, _alice.SessionCount());
        Assert.Equal(1, _bob.SessionCount());
    }

    [Fact]
    public void Messages_open_out_of_order_and_a_receipt_names_them_by_id()
    {
        var messages = Enumerable.Range(0, 5).Select(i => _alice.Send(_bob, $"m{i}")).ToList();
        foreach (var i in (int[])[3, 0, 4, 1, 2])
        {
            Assert.Equal($"m{i}", _bob.Read(_alice, messages[i]));
        }

        var receipt = new SessionContent { SentAtMs = 1 };
        receipt.Receipts.Add(Google.Protobuf.ByteString.CopyFrom(messages[2].MessageId));
        var sealedReceipt = _bob.Sealer.Seal(_alice.Key, _bob.NamesTo(_alice), receipt);
        var opened = _alice.Receive(_bob, sealedReceipt);
        Assert.Equal(messages[2].MessageId, opened.Content!.Receipts.Single().ToByteArray());
        Assert.Equal(5, messages.Select(m => Convert.ToHexString(m.MessageId)).Distinct().Count());
    }

    [Fact]
    public void A_replayed_message_is_refused_and_changes_nothing()
    {
        var first = _alice.Send(_bob, "once");
        _bob.Read(_alice, first);
        var reply = _bob.Send(_alice, "ack");
        _alice.Read(_bob, reply);
        var later = _alice.Send(_bob, "later");
        _bob.Read(_alice, later);

        var before = _bob.Snapshot();
        var replayed = Assert.Throws<SessionRejectedException>(() => _bob.Receive(_alice, later));
        Assert.Equal(SessionRejection.Replayed, replayed.Reason);
        // The first message again, initial header and all: its session exists, so it is a replay too, not a new agreement.
        var replayedFirst = Assert.Throws<SessionRejectedException>(() => _bob.Receive(_alice, first));
        Assert.Equal(SessionRejection.Replayed, replayedFirst.Reason);
        Assert.Equal(before, _bob.Snapshot());
    }

    [Fact]
    public void A_tampered_message_is_refused_and_the_state_is_unchanged()
    {
        _bob.Read(_alice, _alice.Send(_bob, "setup"));
        var message = _alice.Send(_bob, "do not touch");
        var parsed = SessionParty.Parse(message);
        var ratchet = parsed.Ratchet.ToByteArray();
        ratchet[^20] ^= 0x01;
        parsed.Ratchet = Google.Protobuf.ByteString.CopyFrom(ratchet);

        var before = _bob.Snapshot();
        var refused = Assert.Throws<SessionRejectedException>(() => _bob.Receive(_alice, Google.Protobuf.MessageExtensions.ToByteArray(parsed)));
        Assert.Equal(SessionRejection.Tampered, refused.Reason);
        Assert.Equal(before, _bob.Snapshot());
        Assert.Equal("do not touch", _bob.Read(_alice, message));
    }

    [Fact]
    public void Sessions_survive_reopening_the_stores()
    {
        _bob.Read(_alice, _alice.Send(_bob, "before"));
        _alice.Read(_bob, _bob.Send(_alice, "reply"));
        var pending = _alice.Send(_bob, "in flight");

        _alice.Reopen();
        _bob.Reopen();

        Assert.Equal("in flight", _bob.Read(_alice, pending));
        Assert.Equal("after", _bob.Read(_alice, _alice.Send(_bob, "after")));
        Assert.Equal("back", _alice.Read(_bob, _bob.Send(_alice, "back")));
        Assert.Equal(1, _alice.SessionCount());
    }

    [Fact]
    public void A_message_from_someone_else_does_not_open_in_the_session()
    {
        _bob.Read(_alice, _alice.Send(_bob, "setup"));
        using var mallory = new SessionParty(_root, "mallory", 2);
        var message = _alice.Send(_bob, "for bob, from alice");
        // The server claims Mallory sent it: Bob has no session with Mallory and the message has no header for one.
        var result = _bob.Receive(mallory, StripHeader(message));
        Assert.Equal(SessionOpenStatus.UnknownSession, result.Status);
    }

    [Fact]
    public void Both_sides_starting_a_session_at_once_lose_no_message()
    {
        var fromAlice = _alice.Send(_bob, "a1");
        var fromBob = _bob.Send(_alice, "b1");
        Assert.True(fromAlice.StartedSession);
        Assert.True(fromBob.StartedSession);

        Assert.Equal("b1", _alice.Read(_bob, fromBob));
        Assert.Equal("a1", _bob.Read(_alice, fromAlice));
        Assert.Equal("a2", _bob.Read(_alice, _alice.Send(_bob, "a2")));
        Assert.Equal("b2", _alice.Read(_bob, _bob.Send(_alice, "b2")));
        Assert.Equal("a3", _bob.Read(_alice, _alice.Send(_bob, "a3")));
        Assert.Equal(2, _alice.SessionCount());
    }

    [Fact]
    public void The_version_field_tells_the_envelope_formats_apart()
    {
        var session = _alice.Send(_bob, "format 2");
        Assert.Equal(EnvelopeFormat.Session, EnvelopeFormat.Read(session.Envelope));
        var rsa = Crypto.MessageSealer.Seal(_alice.Identity, "alice", _bob.Key, "bob", "format 1", SessionParty.Start);
        Assert.Equal(EnvelopeFormat.RsaHybrid, EnvelopeFormat.Read(rsa));
        Assert.Equal(0u, EnvelopeFormat.Read([0xff, 0xff]));
        var wrongFormat = Assert.Throws<SessionRejectedException>(() => _bob.Receive(_alice, rsa));
        Assert.Equal(SessionRejection.UnsupportedVersion, wrongFormat.Reason);
    }

    private static byte[] StripHeader(SealedSessionMessage message)
    {
        var parsed = SessionParty.Parse(message);
        parsed.InitialHeader = Google.Protobuf.ByteString.Empty;
        return Google.Protobuf.MessageExtensions.ToByteArray(parsed);
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _root.Dispose();
    }
}
