using Parley.Client.Connection;
using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task A_client_pings_a_quiet_connection_and_outlives_the_servers_idle_timeout()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            IdleTimeout = TimeSpan.FromSeconds(2),
        });
        using var home = new TempDir("parley-client-tests-heartbeat");
        new IdentityStore(home.Path).Save(Storage.IdentityName.Parse("alice"), TestIdentities.Get(0));
        await using var alice = await ParleyClient.ConnectAsync(new ParleyClientOptions { Server = server.Address, Name = "alice", Home = home.Path });

        // A raw client that never pings is cut off after the idle timeout; the library client, idle too, is not.
        await using var silent = await RawClient.LoginAsync(server.Endpoint, "silent", TestIdentities.Get(1));
        await silent.ExpectFatalErrorAndCloseAsync(ErrorCode.IdleTimeout);

        Assert.True(await alice.PingAsync() >= TimeSpan.Zero);
        while (alice.Events.TryRead(out var seen))
        {
            Assert.IsNotType<DisconnectedEvent>(seen);
        }
    }

    [Fact]
    public async Task A_server_that_answers_nothing_for_its_idle_timeout_is_treated_as_gone()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-heartbeat");
        new IdentityStore(home.Path).Save(Storage.IdentityName.Parse("alice"), TestIdentities.Get(0));
        var connecting = ParleyClient.ConnectAsync(new ParleyClientOptions { Server = fake.Address, Name = "alice", Home = home.Path });
        var session = await fake.AcceptLoginAsync(w =>
        {
            w.HeartbeatIntervalMs = 1000;
            w.IdleTimeoutMs = 2000;
        });
        await using var alice = await connecting;

        // The client pings the quiet connection; this server never answers.
        await session.ReadUntilAsync(ClientFrame.BodyOneofCase.Ping);

        var events = await alice.CollectUntilAsync(e => e is DisconnectedEvent);
        var disconnected = Assert.IsType<DisconnectedEvent>(events[^1]);
        Assert.Contains("answered nothing for 2 s", disconnected.Reason, StringComparison.Ordinal);
        await session.DisposeAsync();
    }

    [Theory]
    [InlineData(1u, 1u, 1000, 2000)]
    [InlineData(1u, 0u, 1000, 3000)]
    [InlineData(30_000u, 90_000u, 30_000, 90_000)]
    [InlineData(30_000u, 1u, 30_000, 60_000)]
    [InlineData(uint.MaxValue, uint.MaxValue, 3_600_000, 14_400_000)]
    public void A_servers_announced_heartbeat_is_kept_within_bounds(uint intervalMs, uint idleMs, int expectedIntervalMs, int expectedSilenceMs)
    {
        var times = HeartbeatTimes.From(new Welcome { HeartbeatIntervalMs = intervalMs, IdleTimeoutMs = idleMs });

        Assert.NotNull(times);
        Assert.Equal(
            (TimeSpan.FromMilliseconds(expectedIntervalMs), TimeSpan.FromMilliseconds(expectedSilenceMs)),
            (times.Interval, times.ServerSilence));
    }

    [Fact]
    public void A_server_that_announces_no_heartbeat_gets_none()
    {
        Assert.Null(HeartbeatTimes.From(new Welcome { HeartbeatIntervalMs = 0, IdleTimeoutMs = 90_000 }));
    }
}
