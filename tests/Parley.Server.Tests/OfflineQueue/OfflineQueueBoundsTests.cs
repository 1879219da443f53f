using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Protocol.Messages;
using static Parley.Server.Tests.OfflineQueue.OfflineDeliveryTests;

namespace Parley.Server.Tests.OfflineQueue;

/// <summary>The offline queue's bounds: count and bytes per recipient, bytes in all, and age; a full queue refuses with QUEUE_FULL and the sender goes on.</summary>
public sealed class OfflineQueueBoundsTests
{
    [Fact]
    public async Task Past_the_count_per_recipient_a_send_gets_queue_full_and_the_sender_goes_on()
    {
        await using var server = await TestServer.StartAsync(o => o with { QueueMaxMessagesPerRecipient = 3 });
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var carol = await RawClient.LoginAsync(server.Endpoint, "carol", TestIdentities.Third);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        for (byte i = 1; i <= 3; i++)
        {
            Assert.True((await alice.SendAndWaitAsync("bob", new[] { i })).Queued);
        }

        var refused = await alice.SendAndWaitAsync("bob", new byte[] { 4 });

        Assert.Equal((ErrorCode.QueueFull, false), (refused.Code, refused.Queued));
        Assert.Contains("3 messages", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.Ok, (await alice.SendAndWaitAsync("carol", new byte[] { 1 })).Code);
        await using var bob = await RawClient.ConnectAsync(server.Endpoint);
        Assert.Equal(3u, (await bob.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
        var metrics = await MetricsScrape.ReadAsync(server.Host.HttpEndpoint!);
        Assert.Equal(1, metrics.Value("parley_server_offline_refused", ("reason", "count")));
        Assert.Equal(3, metrics.Value("parley_server_offline_stored"));
    }

    [Fact]
    public async Task Past_the_bytes_per_recipient_a_send_gets_queue_full_while_a_smaller_one_still_fits()
    {
        await using var server = await TestServer.StartAsync(o => o with { QueueMaxBytesPerRecipient = 2048 });
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[1000])).Queued);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[1000])).Queued);

        var refused = await alice.SendAndWaitAsync("bob", new byte[1000]);
        var small = await alice.SendAndWaitAsync("bob", new byte[48]);

        Assert.Equal(ErrorCode.QueueFull, refused.Code);
        Assert.Contains("2048 bytes", refused.Message, StringComparison.Ordinal);
        Assert.True(small.Queued);
        var metrics = await MetricsScrape.ReadAsync(server.Host.HttpEndpoint!);
        Assert.Equal(2048, metrics.Value("parley_server_offline_bytes"));
        Assert.Equal(1, metrics.Value("parley_server_offline_refused", ("reason", "bytes")));
    }

    [Fact]
    public async Task Past_the_total_bytes_of_all_queues_a_send_to_any_offline_name_gets_queue_full()
    {
        await using var server = await TestServer.StartAsync(o => o with { QueueMaxBytesPerRecipient = 2048, QueueMaxTotalBytes = 2500 });
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await RegisterAndLeaveAsync(server, "carol", TestIdentities.Third);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[1000])).Queued);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[1000])).Queued);

        var refused = await alice.SendAndWaitAsync("carol", new byte[1000]);

        Assert.Equal(ErrorCode.QueueFull, refused.Code);
        Assert.Contains("store for offline messages is full", refused.Message, StringComparison.Ordinal);
        Assert.True((await alice.SendAndWaitAsync("carol", new byte[500])).Queued);

        // Acknowledged messages make room again.
        await using (var bob = await RawClient.ConnectAsync(server.Endpoint))
        {
            await bob.LoginAsync("bob", TestIdentities.Second, receiveQueued: true);
            await bob.AckQueuedAsync((await ReceiveDeliveriesAsync(bob, 2))[^1].QueueSeq);
            await bob.ExpectNothingPendingAsync();
        }

        Assert.True((await alice.SendAndWaitAsync("carol", new byte[1000])).Queued);
    }

    [Fact]
    public async Task Messages_older_than_the_age_bound_are_deleted_by_the_sweep_and_never_handed_over()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(
            o => o with { QueueMaxAge = TimeSpan.FromDays(30) },
            services => services.AddSingleton<TimeProvider>(clock));
        await RegisterAndLeaveAsync(server, "bob", TestIdentities.Second);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 1 })).Queued);
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 2 })).Queued);
        clock.Advance(TimeSpan.FromDays(20));
        Assert.True((await alice.SendAndWaitAsync("bob", new byte[] { 3 })).Queued);

        clock.Advance(TimeSpan.FromDays(11));

        await Deadline.UntilAsync(
            () => MetricsScrape.ReadAsync(server.Host.HttpEndpoint!).GetAwaiter().GetResult().Value("parley_server_offline_expired") == 2,
            () => "the sweep to delete the two messages older than 30 days");
        await using var bob = await RawClient.ConnectAsync(server.Endpoint);
        Assert.Equal(1u, (await bob.LoginAsync("bob", TestIdentities.Second, receiveQueued: true)).QueuedCount);
        Assert.Equal(3, (await ReceiveDeliveriesAsync(bob, 1))[0].Sealed[0]);
    }
}
