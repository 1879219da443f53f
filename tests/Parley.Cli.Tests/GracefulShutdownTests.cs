using System.Net;
using System.Net.Sockets;
using Parley.Protocol.Messages;

namespace Parley.Cli.Tests;

/// <summary>
/// `parley server` stopped with SIGTERM, as a service manager stops it: it stops accepting, delivers what was queued,
/// tells every client SERVER_SHUTTING_DOWN with a time to wait before reconnecting, and exits 0.
/// </summary>
public class GracefulShutdownTests
{
    private const int Messages = 200;
    private const int MessageBytes = 16 * 1024;

    [Fact]
    public async Task Sigterm_delivers_what_was_queued_says_goodbye_to_every_client_and_exits_0()
    {
        using var dir = new TempDir();
        await using var server = await ServerProcess.StartAsync(dir.Path, "--shutdown-timeout", "120");
        var endpoint = new IPEndPoint(IPAddress.Loopback, server.Port);

        // The reader reads nothing until the signal, with a small socket buffer: what it is sent piles up in the server.
        await using var reader = await RawClient.ConnectAsync(endpoint, receiveBufferBytes: 4096);
        await reader.LoginAsync("reader", TestIdentities.First);
        await using var sender = await RawClient.LoginAsync(endpoint, "sender", TestIdentities.Second);
        await using var idle = await RawClient.LoginAsync(endpoint, "idle", TestIdentities.Third);
        for (var i = 0; i < Messages; i++)
        {
            var result = await sender.SendAndWaitAsync("reader", Payload(i));
            Assert.True(result.Code == ErrorCode.Ok, $"message {i}: {result}");
        }

        server.Process.Signal("TERM");

        // New connections are refused: the listener is closed (or, in the instant before, a connection is told goodbye).
        await RefusedAsync(endpoint);

        for (var i = 0; i < Messages; i++)
        {
            var delivery = await reader.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
            Assert.True(delivery.Delivery.Sealed.Span.SequenceEqual(Payload(i)), $"delivery {i} is not message {i}");
        }

        foreach (var client in new[] { reader, sender, idle })
        {
            var goodbye = await client.ExpectFatalErrorAndCloseAsync(ErrorCode.ServerShuttingDown);
            Assert.True(goodbye.RetryAfterMs > 0, "the goodbye should say how long to wait before reconnecting");
        }

        Assert.Equal(0, await server.Process.WaitForExitAsync(Deadline.Default));
        Assert.Contains("parley server stopping", server.Process.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_cut_at_the_shutdown_timeout_and_the_server_still_exits_0()
    {
        using var dir = new TempDir();
        await using var server = await ServerProcess.StartAsync(dir.Path, "--shutdown-timeout", "1");
        var endpoint = new IPEndPoint(IPAddress.Loopback, server.Port);
        await using var stalled = await RawClient.ConnectAsync(endpoint, receiveBufferBytes: 4096);
        await stalled.LoginAsync("stalled", TestIdentities.First);
        await using var sender = await RawClient.LoginAsync(endpoint, "sender", TestIdentities.Second);
        for (var i = 0; i < Messages; i++)
        {
            Assert.Equal(ErrorCode.Ok, (await sender.SendAndWaitAsync("stalled", Payload(i))).Code);
        }

        server.Process.Signal("TERM");

        Assert.Equal(0, await server.Process.WaitForExitAsync(Deadline.Default));
    }

    private static byte[] Payload(int index)
    {
        var bytes = new byte[MessageBytes];
        new Random(index).NextBytes(bytes);
        return bytes;
    }

    private static async Task RefusedAsync(IPEndPoint endpoint)
    {
        var until = DateTime.UtcNow + Deadline.Default;
        while (true)
        {
            try
            {
                await using var late = await RawClient.ConnectAsync(endpoint);
                await late.SendPreambleAsync();
                var answer = await late.TryReceiveAsync();
                if (answer is null || answer is { BodyCase: ServerFrame.BodyOneofCase.Error, Error.Code: ErrorCode.ServerShuttingDown })
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, "the server still accepts connections after SIGTERM");
            await Task.Delay(50);
        }
    }
}
