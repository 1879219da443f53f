using System.Text;
using Microsoft.Extensions.Time.Testing;
using Parley.Client.Storage;
using Parley.Client.Tests.Support;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests;

/// <summary>
/// sessions.db's opened_messages (docs/sessions.md §13, "Opened messages"): written with the open that deleted the message
/// key, kept for the window when live and until taken when queued, bounded in count and age, and overwritten when deleted.
/// </summary>
public sealed class OpenedMessageStoreTests : IDisposable
{
    private readonly TempDir _root = new("parley-opened-store");
    private readonly FakeTimeProvider _time = new(SessionParty.Start);

    [Fact]
    public void A_live_message_is_kept_for_the_window_and_a_queued_one_until_taken()
    {
        using var alice = new SessionParty(_root, "alice", 0, _time);
        using var bob = new SessionParty(_root, "bob", 1, _time);
        bob.Read(alice, alice.Send(bob, "live"));
        var (result, queued) = bob.Store.OpenDelivery(queued: true, () => bob.Receive(alice, alice.Send(bob, "queued")));
        Assert.Equal(SessionOpenStatus.Opened, result.Status);
        Assert.Equal(2, bob.Store.OpenedMessageCount());

        _time.Advance(SessionStoreOptions.Default.OpenedMessageWindow + TimeSpan.FromSeconds(1));
        bob.Reopen();

        var kept = bob.Store.FindOpened(queued!);
        Assert.Equal(1, bob.Store.OpenedMessageCount());
        Assert.Equal("queued", kept!.Content.Text);
        Assert.Equal(result.MessageId, kept.MessageId);
        Assert.Null(kept.TakenAt);

        bob.Store.MarkTaken([queued!]);
        Assert.Equal(0, bob.Store.OpenedMessageCount());
    }

    [Fact]
    public void A_taken_message_stays_for_the_rest_of_the_window_for_the_homes_other_windows()
    {
        using var alice = new SessionParty(_root, "alice", 0, _time);
        using var bob = new SessionParty(_root, "bob", 1, _time);
        var (_, key) = bob.Store.OpenDelivery(queued: true, () => bob.Receive(alice, alice.Send(bob, "taken at once")));

        bob.Store.MarkTaken([key!]);

        Assert.NotNull(bob.Store.FindOpened(key!)!.TakenAt);
        _time.Advance(SessionStoreOptions.Default.OpenedMessageWindow + TimeSpan.FromSeconds(1));
        bob.Reopen();
        Assert.Null(bob.Store.FindOpened(key!));
    }

    [Fact]
    public void Untaken_messages_are_bounded_in_count_oldest_first_and_in_age()
    {
        var options = new SessionStoreOptions { MaxOpenedMessages = 2, MaxOpenedMessageAge = TimeSpan.FromDays(1) };
        using var alice = new SessionParty(_root, "alice", 0, _time);
        using var bob = new SessionParty(_root, "bob", 1, _time, options);
        var keys = new List<OpenedMessageKey>();
        foreach (var text in (string[])["first", "second", "third"])
        {
            keys.Add(bob.Store.OpenDelivery(queued: true, () => bob.Receive(alice, alice.Send(bob, text))).Key!);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(2, bob.Store.OpenedMessageCount());
        Assert.Null(bob.Store.FindOpened(keys[0]));
        Assert.Equal("third", bob.Store.FindOpened(keys[2])!.Content.Text);

        _time.Advance(TimeSpan.FromDays(1));
        bob.Reopen();
        Assert.Equal(0, bob.Store.OpenedMessageCount());
    }

    [Fact]
    public void A_deleted_plaintext_is_overwritten_in_the_file()
    {
        using var alice = new SessionParty(_root, "alice", 0, _time);
        using var bob = new SessionParty(_root, "bob", 1, _time);
        const string Secret = "meet at the old mill at nine";
        bob.Read(alice, alice.Send(bob, Secret));
        Assert.True(FileHolds(bob, Secret), "the opened plaintext is kept in sessions.db during the window");

        _time.Advance(SessionStoreOptions.Default.OpenedMessageWindow + TimeSpan.FromSeconds(1));
        bob.Reopen();

        Assert.Equal(0, bob.Store.OpenedMessageCount());
        Assert.False(FileHolds(bob, Secret), "secure_delete overwrote the deleted row");
    }

    [Fact]
    public void With_a_bound_of_zero_nothing_is_kept()
    {
        using var alice = new SessionParty(_root, "alice", 0, _time);
        using var bob = new SessionParty(_root, "bob", 1, _time, new SessionStoreOptions { MaxOpenedMessages = 0 });

        var (result, key) = bob.Store.OpenDelivery(queued: true, () => bob.Receive(alice, alice.Send(bob, "not kept")));

        Assert.Equal(SessionOpenStatus.Opened, result.Status);
        Assert.Null(key);
        Assert.Equal(0, bob.Store.OpenedMessageCount());
    }

    public void Dispose() => _root.Dispose();

    private static bool FileHolds(SessionParty party, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return File.ReadAllBytes(party.DbPath).AsSpan().IndexOf(needle) >= 0;
    }
}
