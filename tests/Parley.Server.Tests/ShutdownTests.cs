using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_server_tells_connected_clients_it_is_shutting_down()
    {
        var server = await TestServer.StartAsync();
        try
        {
            await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);

            var stopping = server.Host.DisposeAsync().AsTask();

            await alice.ExpectFatalErrorAndCloseAsync(ErrorCode.ServerShuttingDown);
            await stopping;
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Wait_for_shutdown_ends_when_its_token_is_cancelled()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource();

        var waiting = server.Host.WaitForShutdownAsync(cts.Token);
        Assert.False(waiting.IsCompleted);
        await cts.CancelAsync();

        await waiting.WaitAsync(RawClient.DefaultTimeout);
    }
}
