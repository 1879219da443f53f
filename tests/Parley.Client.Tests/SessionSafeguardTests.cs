using System.Diagnostics.Metrics;
using Parley.Client.Storage;
using Parley.Client.Tests.Support;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests;

/// <summary>
/// The client's bounds on sessions, through a real server: ratchet limits from the client options, counters of refused
/// session messages by reason, and lost-session notices limited per sender key, both sent and obeyed.
/// </summary>
public sealed class SessionSafeguardTests
{
    [Fact]
    public async Task A_message_further_ahead_than_the_configured_skip_bound_is_refused_and_counted_by_its_reason()
    {
        using var meters = new TestMeterFactory();
        using var refusals = new RefusalListener(meters);
        await using var bed = await TestBed.StartAsync();
        var tight = Options(bed, "bob") with { Ratchet = new RatchetLimits { MaxSkipPerChain = 2, MaxSkippedKeys = 2 }, MeterFactory = meters };
        var bob = await bed.ConnectAsync(tight);
        var alice = await bed.ConnectAsync("alice", presence: false);
        Assert.True((await alice.SendTextAsync("bob", "one")).Delivered);
        await bob.NextMessageAsync("one");
        await alice.NextAsync<DeliveryReceiptEvent>();

        // Three messages wait in the server's queue, which bob's next login does not take: the fourth is three ahead.
        await bob.DisposeAsync();
        foreach (var text in (string[])["two", "three", "four"])
        {
            Assert.Equal(SendStatus.Queued, (await alice.SendTextAsync("bob", text)).Status);
        }

        bob = await bed.ConnectAsync(tight);
        Assert.True((await alice.SendTextAsync("bob", "five")).Delivered);

        var refused = await bob.NextAsync<MessageRejectedEvent>();
        Assert.Contains("too far ahead", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(1, bob.Metrics.SessionMessagesRefused(SessionRejection.TooManySkipped));
        Assert.Equal(0, bob.Metrics.SessionMessagesRefused(SessionRejection.Replayed));
        Assert.Equal(1, refusals.Count("too_many_skipped"));
    }

    [Fact]
    public async Task Client_settings_that_cannot_work_are_refused_naming_the_setting_before_connecting()
    {
        using var root = new TempDir("parley-client-tests-settings");
        var home = root.Sub("home");
        var options = new ParleyClientOptions { Server = "127.0.0.1:1", Name = "alice", Home = home };

        var skip = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ParleyClient.ConnectAsync(
            options with { Ratchet = new RatchetLimits { MaxSkipPerChain = 10, MaxSkippedKeys = 5 } }));
        var notice = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ParleyClient.ConnectAsync(
            options with { NoticeInterval = TimeSpan.FromSeconds(-1) }));

        Assert.Equal(nameof(RatchetLimits.MaxSkippedKeys), skip.ParamName);
        Assert.Contains("at least MaxSkipPerChain (10)", skip.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(ParleyClientOptions.NoticeInterval), notice.ParamName);
        Assert.False(Directory.Exists(home)); // refused before the identity was made
    }

    [Fact]
    public async Task Messages_of_a_lost_session_are_answered_with_one_notice_per_sender_key_per_interval()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);
        Assert.True((await alice.SendTextAsync("bob", "before")).Delivered);
        await bob.NextMessageAsync("before");

        // bob's home loses its sessions while three messages of the old session wait for him.
        await bob.DisposeAsync();
        File.Delete(Path.Combine(bed.Seed("bob").FolderOf("bob"), SessionStore.FileName));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SendStatus.Queued, (await alice.SendTextAsync("bob", $"lost {i}")).Status);
        }

        bob = await bed.ConnectAsync(Options(bed, "bob") with { ReceiveQueued = true });
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("no session:", (await bob.NextAsync<MessageRejectedEvent>()).Reason, StringComparison.Ordinal);
        }

        await alice.NextAsync<SessionResetEvent>();
        await Deadline.UntilAsync(
            () => bob.Metrics.NoticesSent == 1 && bob.Metrics.NoticesHeld == 2,
            () => $"bob sent {bob.Metrics.NoticesSent} notices and held {bob.Metrics.NoticesHeld}");
        Assert.Equal(3, bob.Metrics.SessionMessagesRefused(SessionRejection.NoSession));
        Assert.Equal(1, alice.Metrics.SessionResets);
    }

    [Fact]
    public async Task A_second_notice_within_the_interval_does_not_reset_the_session_again()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);
        Assert.True((await alice.SendTextAsync("bob", "before")).Delivered);
        await bob.NextMessageAsync("before");

        bob = await WipeAndReconnectAsync(bed, bob);
        Assert.True((await alice.SendTextAsync("bob", "lost once")).Delivered);
        await alice.NextAsync<SessionResetEvent>();
        Assert.True((await alice.SendTextAsync("bob", "in a new session")).Delivered);
        await bob.NextMessageAsync("in a new session");

        // A second notice naming the new session within the minute (a wiped home again, or a forgery): not obeyed.
        bob = await WipeAndReconnectAsync(bed, bob);
        Assert.True((await alice.SendTextAsync("bob", "lost twice")).Delivered);
        var ignored = await alice.NextAsync<MessageRejectedEvent>(e => e.From == "bob");
        Assert.StartsWith("ignored: another lost-session notice", ignored.Reason, StringComparison.Ordinal);
        Assert.Equal(1, alice.Metrics.SessionResets);
        Assert.Equal(1, alice.Metrics.SessionResetsHeld);
    }

    private static async Task<ParleyClient> WipeAndReconnectAsync(TestBed bed, ParleyClient bob)
    {
        await bob.DisposeAsync();
        File.Delete(Path.Combine(bed.Seed("bob").FolderOf("bob"), SessionStore.FileName));
        return await bed.ConnectAsync("bob", presence: false);
    }

    private static ParleyClientOptions Options(TestBed bed, string name) =>
        new() { Server = bed.Server.Address, Name = name, Home = bed.HomeOf(name), Presence = false };

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            lock (_meters)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public bool Made(Meter meter)
        {
            lock (_meters)
            {
                return _meters.Contains(meter);
            }
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }

    /// <summary>Reads "session.refused" from the meters <paramref name="factory"/> made, by reason.</summary>
    private sealed class RefusalListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _byReason = new(StringComparer.Ordinal);

        public RefusalListener(TestMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (factory.Made(instrument.Meter) && instrument.Name == "session.refused")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        lock (_byReason)
                        {
                            _byReason[(string)tag.Value!] = _byReason.GetValueOrDefault((string)tag.Value!) + value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public long Count(string reason)
        {
            lock (_byReason)
            {
                return _byReason.GetValueOrDefault(reason);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
