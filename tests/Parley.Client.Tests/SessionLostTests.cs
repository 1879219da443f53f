using Parley.Client.Tests.Support;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests;

/// <summary>One side loses its sessions (a wiped home): SESSION_UNKNOWN, the notice, and a new session.</summary>
public sealed class SessionLostTests : IDisposable
{
    private readonly TempDir _root = new("parley-sessions");
    private readonly SessionParty _alice;
    private readonly SessionParty _bob;

    public SessionLostTests()
    {
        _alice = new SessionParty(_root, "alice", 0);
        _bob = new SessionParty(_root, "bob", 1);
        _bob.Read(_alice, _alice.Send(_bob, "hello"));
        _alice.Read(_bob, _bob.Send(_alice, "hello back"));
    }

    [Fact]
    public void A_wiped_recipient_answers_with_a_notice_and_the_conversation_goes_on_in_a_new_session()
    {
        _bob.Wipe();

        var lost = _alice.Send(_bob, "are you there?");
        var answer = _bob.Receive(_alice, lost);
        Assert.Equal(SessionOpenStatus.UnknownSession, answer.Status);
        Assert.Null(answer.Content);
        var notice = SessionMessage.Parser.ParseFrom(answer.Notice);
        Assert.Equal(SessionNoticeKind.SessionUnknown, notice.Notice.Kind);
        Assert.Equal(0, _bob.SessionCount());

        var told = _alice.Receive(_bob, answer.Notice!);
        Assert.Equal(SessionOpenStatus.SessionLost, told.Status);
        Assert.False(_alice.Sealer.HasSession(_bob.Key));

        var again = _alice.Send(_bob, "starting over");
        Assert.True(again.StartedSession);
        var opened = _bob.Receive(_alice, again);
        Assert.Equal(SessionOpenStatus.Opened, opened.Status);
        Assert.True(opened.StartedSession);
        Assert.Equal("welcome back", _alice.Read(_bob, _bob.Send(_alice, "welcome back")));
        Assert.Equal("on we go", _bob.Read(_alice, _alice.Send(_bob, "on we go")));
    }

    [Fact]
    public void A_wiped_sender_is_told_by_its_peer_and_starts_over()
    {
        _alice.Wipe();

        var fromBob = _bob.Send(_alice, "news");
        var answer = _alice.Receive(_bob, fromBob);
        Assert.Equal(SessionOpenStatus.UnknownSession, answer.Status);
        Assert.Equal(SessionOpenStatus.SessionLost, _bob.Receive(_alice, answer.Notice!).Status);

        Assert.Equal("again", _alice.Read(_bob, _bob.Send(_alice, "again")));
        Assert.Equal("yes", _bob.Read(_alice, _alice.Send(_bob, "yes")));
    }

    [Fact]
    public void A_first_message_naming_prekeys_a_wiped_home_no_longer_holds_is_answered_with_a_notice_for_that_session()
    {
        using var carol = new SessionParty(_root, "carol", 2);
        var first = carol.Send(_bob, "hi bob");
        _bob.Wipe();

        var answer = _bob.Receive(carol, first);
        Assert.Equal(SessionOpenStatus.UnknownSession, answer.Status);
        var notice = SessionMessage.Parser.ParseFrom(answer.Notice).Notice;
        Assert.Equal(InitialHeader.Decode(SessionParty.Parse(first).InitialHeader.Span).EphemeralKey, notice.BaseKey.ToByteArray());
        Assert.Equal(SessionOpenStatus.SessionLost, carol.Receive(_bob, answer.Notice!).Status);
        Assert.Equal("hi again", _bob.Read(carol, carol.Send(_bob, "hi again")));
    }

    [Fact]
    public void A_notice_naming_no_session_of_ours_changes_nothing()
    {
        var forged = new SessionMessage
        {
            Version = EnvelopeFormat.Session,
            Notice = new SessionNotice { Kind = SessionNoticeKind.SessionUnknown, RatchetKey = Google.Protobuf.ByteString.CopyFrom(new byte[33]) },
        };
        var before = _alice.Snapshot();
        Assert.Equal(SessionOpenStatus.StaleNotice, _alice.Receive(_bob, Google.Protobuf.MessageExtensions.ToByteArray(forged)).Status);
        Assert.Equal(before, _alice.Snapshot());
        Assert.Equal("still here", _bob.Read(_alice, _alice.Send(_bob, "still here")));
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _root.Dispose();
    }
}
