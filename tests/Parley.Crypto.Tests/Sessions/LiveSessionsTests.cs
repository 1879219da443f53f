using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>
/// The sealer's cache of live sessions: handed out only against the exact state kept with it, bounded (least recently
/// used first), and every session it lets go is disposed, so its keys are zeroed and it can never seal again.
/// </summary>
public sealed class LiveSessionsTests(Identities ids) : IClassFixture<Identities>, IDisposable
{
    private static readonly byte[] s_peer = [1, 2, 3];

    private readonly List<SessionPair> _pairs = [];

    [Fact]
    public void A_session_is_handed_out_once_and_only_against_the_state_kept_with_it()
    {
        using var live = new LiveSessions(capacity: 4);
        var session = Alice();
        var state = session.Serialize();
        live.Keep(s_peer, state, session);

        Assert.Null(live.Take([9, 9, 9], Stored(session, state)));
        Assert.Same(session, live.Take(s_peer, Stored(session, state)));
        Assert.Null(live.Take(s_peer, Stored(session, state)));
    }

    [Fact]
    public void A_session_whose_stored_state_moved_on_is_let_go()
    {
        using var live = new LiveSessions(capacity: 4);
        var session = Alice();
        var state = session.Serialize();
        live.Keep(s_peer, state, session);
        var movedOn = (byte[])state.Clone();
        movedOn[^1] ^= 1;

        Assert.Null(live.Take(s_peer, Stored(session, movedOn)));
        AssertDisposed(session);
        Assert.Null(live.Take(s_peer, Stored(session, state)));
    }

    [Fact]
    public void Beyond_its_capacity_the_least_recently_kept_session_goes_and_is_disposed()
    {
        using var live = new LiveSessions(capacity: 2);
        var (first, second, third) = (Alice(), Alice(), Alice());
        var (firstState, secondState, thirdState) = (first.Serialize(), second.Serialize(), third.Serialize());
        live.Keep(s_peer, firstState, first);
        live.Keep(s_peer, secondState, second);
        live.Keep(s_peer, thirdState, third);

        Assert.Null(live.Take(s_peer, Stored(first, firstState)));
        AssertDisposed(first);
        Assert.Same(second, live.Take(s_peer, Stored(second, secondState)));
        Assert.Same(third, live.Take(s_peer, Stored(third, thirdState)));
    }

    [Fact]
    public void A_forgotten_session_and_one_kept_after_disposal_are_disposed()
    {
        var live = new LiveSessions(capacity: 4);
        var (forgotten, remaining, late) = (Alice(), Alice(), Alice());
        live.Keep(s_peer, forgotten.Serialize(), forgotten);
        live.Keep(s_peer, remaining.Serialize(), remaining);

        live.Forget(s_peer, forgotten.BaseKey);
        AssertDisposed(forgotten);
        live.Dispose();
        AssertDisposed(remaining);
        live.Keep(s_peer, late.Serialize(), late);
        AssertDisposed(late);
    }

    public void Dispose()
    {
        foreach (var pair in _pairs)
        {
            pair.Dispose();
        }
    }

    private static StoredSession Stored(RatchetSession session, byte[] state) => new(session.BaseKey, (byte[])state.Clone());

    private static void AssertDisposed(RatchetSession session) =>
        Assert.Throws<ObjectDisposedException>(() => session.Seal(SessionPair.Text("after it was let go")));

    /// <summary>An initiator's session (its own base key), owned by the cache once kept; the pair disposes it again at the end, harmlessly.</summary>
    private RatchetSession Alice()
    {
        var pair = SessionPair.Start(ids);
        _pairs.Add(pair);
        return pair.Alice;
    }
}
