using Parley.Protocol.Messages;

namespace Parley.Server.Tests.Limits;

public sealed class IdleTimeoutTests
{
    [Fact]
    public async Task Welcome_announces_the_heartbeat_interval_and_idle_timeout()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        var welcome = await client.HelloAsync();

        Assert.Equal((30_000u, 90_000u), (welcome.HeartbeatIntervalMs, welcome.IdleTimeoutMs));
    }

    [Fact]
    public async Task A_logged_in_connection_that_sends_nothing_is_closed_while_one_that_pings_stays()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            IdleTimeout = TimeSpan.FromSeconds(2),
        });
        await using var silent = await RawClient.LoginAsync(server.Endpoint, "silent", TestIdentities.First);
        await using var pinging = await RawClient.LoginAsync(server.Endpoint, "pinging", TestIdentities.Second);
        Assert.Equal((1000u, 2000u), (silent.Welcome!.HeartbeatIntervalMs, silent.Welcome.IdleTimeoutMs));

        var cutOff = silent.ExpectFatalErrorAndCloseAsync(ErrorCode.IdleTimeout);
        while (!cutOff.IsCompleted)
        {
            // Well inside the heartbeat interval, as a client library would.
            await pinging.ExpectNothingPendingAsync();
            await Task.WhenAny(cutOff, Task.Delay(250));
        }

        var error = await cutOff;
        Assert.Contains("nothing received", error.Message, StringComparison.Ordinal);
        await pinging.ExpectNothingPendingAsync();
    }
}
