using System.Net;
using System.Net.Sockets;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>A failed TLS handshake suggests --insecure only when a plaintext Parley server answered; otherwise it gives the TLS error.</summary>
public sealed class TlsFailureHintTests
{
    [Fact]
    public async Task A_plaintext_parley_server_gets_the_insecure_hint()
    {
        await using var server = await TestServer.StartAsync(o => o with { Insecure = true });
        await using var bed = await TestBed.StartAsync();

        var refused = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(Options(bed, server.Address)));

        Assert.Equal(ParleyErrorKind.ConnectionFailed, refused.Kind);
        Assert.Contains("plain TCP", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listener_that_answers_garbage_gets_the_plain_tls_error_without_the_insecure_hint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var answering = AnswerOnceAsync(listener, "garbage that is no TLS record and no Parley frame\n"u8.ToArray());
        await using var bed = await TestBed.StartAsync();

        var refused = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(Options(bed, Address(listener))));
        await answering;

        Assert.Equal(ParleyErrorKind.ConnectionFailed, refused.Kind);
        Assert.Contains("no TLS connection", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--insecure", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listener_that_closes_before_tls_is_described_as_possibly_refusing_without_the_insecure_hint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var answering = AnswerOnceAsync(listener, []);
        await using var bed = await TestBed.StartAsync();

        var refused = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(Options(bed, Address(listener))));
        await answering;

        Assert.Equal(ParleyErrorKind.ConnectionFailed, refused.Kind);
        Assert.Contains("closed the connection before TLS", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--insecure", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parley_server_refusing_connections_before_tls_is_described_as_such()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxConnections = 1, RefusalHandshakesPerSecond = 1 });
        await using var holder = await RawClient.LoginAsync(server.Endpoint, "holder", TestIdentities.Get(5));
        await using var bed = await TestBed.StartAsync();

        // One refusal a second is told over TLS (TOO_MANY_CONNECTIONS); the others are closed before TLS.
        var messages = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var refused = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(Options(bed, server.Address)));
            messages.Add(refused.Message);
        }

        Assert.Contains(messages, m => m.Contains("closed the connection before TLS", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("--insecure", StringComparison.Ordinal));
    }

    /// <summary>Accepts one connection, waits for the client's first bytes (its ClientHello), answers <paramref name="answer"/> and closes.</summary>
    private static async Task AnswerOnceAsync(TcpListener listener, byte[] answer)
    {
        using var timeout = new CancellationTokenSource(RawClient.DefaultTimeout);
        using var socket = await listener.AcceptSocketAsync(timeout.Token);
        var hello = new byte[4096];
        await socket.ReceiveAsync(hello, SocketFlags.None, timeout.Token);
        if (answer.Length > 0)
        {
            await socket.SendAsync(answer, SocketFlags.None, timeout.Token);
        }

        socket.Shutdown(SocketShutdown.Both);
    }

    private static string Address(TcpListener listener) => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    private static ParleyClientOptions Options(TestBed bed, string server) => new()
    {
        Server = server,
        Name = "alice",
        Home = bed.HomeOf("alice"),
        Presence = false,
    };
}
