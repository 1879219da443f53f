using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class OverflowPolicyTests
{
    private const int PayloadBytes = 32 * 1024;

    private static Task<TestServer> StartSmallQueueServerAsync() =>
        TestServer.StartAsync(o => o with { MaxFrameBytes = 64 * 1024, OutboundQueueCapacity = 16, OutboundQueueBytes = 1024 * 1024 });

    /// <summary>Sends until the server answers RECIPIENT_BUSY; returns how many were accepted before.</summary>
    private static async Task<(int Accepted, SendAnswer Busy)> FillUntilBusyAsync(RawClient sender, string to)
    {
        var payload = new byte[PayloadBytes];
        for (var accepted = 0; accepted < 5000; accepted++)
        {
            var result = await sender.SendAndWaitAsync(to, payload);
            if (result.Code != ErrorCode.Ok)
            {
                return (accepted, result);
            }
        }

        throw new Xunit.Sdk.XunitException("the recipient's queue never filled up");
    }

    [Fact]
    public async Task A_message_to_a_full_queue_is_refused_as_recipient_busy_and_nothing_accepted_is_lost()
    {
        await using var server = await StartSmallQueueServerAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.ConnectAsync(server.Endpoint, receiveBufferBytes: 4096);
        await bob.LoginAsync("bob", TestIdentities.Second);

        var (accepted, busy) = await FillUntilBusyAsync(alice, "bob");

        Assert.Equal(ErrorCode.RecipientBusy, busy.Code);
        Assert.Equal(0u, busy.DeliveredConnections);
        Assert.Contains("bob", busy.Message, StringComparison.Ordinal);
        for (var i = 0; i < accepted; i++)
        {
            await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        }

        await bob.ExpectNothingPendingAsync();
        Assert.Equal(ErrorCode.Ok, (await alice.SendAndWaitAsync("bob", new byte[] { 1 })).Code);
        await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
    }

    [Fact]
    public async Task A_presence_watcher_whose_queue_is_full_is_disconnected_as_a_slow_consumer()
    {
        await using var server = await StartSmallQueueServerAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var watcher = await RawClient.ConnectAsync(server.Endpoint, receiveBufferBytes: 4096);
        await watcher.LoginAsync("watcher", TestIdentities.Second, presence: true);
        await FillUntilBusyAsync(alice, "watcher");

        await using var newcomer = await RawClient.LoginAsync(server.Endpoint, "newcomer", TestIdentities.Third);

        await watcher.ExpectFatalErrorAndCloseAsync(ErrorCode.SlowConsumer);
        Assert.Equal(ErrorCode.Ok, (await alice.SendAndWaitAsync("newcomer", new byte[] { 1 })).Code);
        await newcomer.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
    }
}
