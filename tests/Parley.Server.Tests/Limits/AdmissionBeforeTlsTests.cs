using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol.Messages;
using Parley.Server.Limits;

namespace Parley.Server.Tests.Limits;

/// <summary>
/// Connections are admitted before their TLS handshake: one the limits refuse costs the server a handshake only while
/// refusals stay within RefusalHandshakesPerSecond (to be told why, authenticated); past that it is closed before TLS.
/// </summary>
public sealed class AdmissionBeforeTlsTests
{
    [Fact]
    public async Task A_connection_holds_its_place_from_accept_before_its_tls_handshake()
    {
        AdmissionLimits? limits = null;
        await using var server = await TestServer.StartAsync(
            o => o with { MaxConnections = 1 },
            services => services.AddSingleton(provider => limits = new AdmissionLimits(provider.GetRequiredService<ParleyServerOptions>())));
        using var silent = new Socket(server.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(server.Endpoint);

        // The silent socket has not begun TLS, yet it already counts: the next connection is the one refused.
        await using var second = await RawClient.ConnectAsync(server.Endpoint);
        await second.ExpectRefusalWithRetryAsync(ErrorCode.TooManyConnections);

        silent.Close();
        await Deadline.UntilAsync(() => limits!.Connections == 0, () => "the silent socket's place to be given back");
        await using var later = await RawClient.LoginAsync(server.Endpoint, "later", TestIdentities.Second);
        await later.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task A_connection_that_never_begins_tls_is_closed_after_the_login_timeout_and_gives_its_place_back()
    {
        AdmissionLimits? limits = null;
        using var meter = new ServerMeter();
        await using var server = await TestServer.StartAsync(
            o => o with { MaxConnections = 1, LoginTimeout = TimeSpan.FromSeconds(1) },
            services =>
            {
                meter.Register(services);
                services.AddSingleton(provider => limits = new AdmissionLimits(provider.GetRequiredService<ParleyServerOptions>()));
            });
        using var silent = new Socket(server.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(server.Endpoint);

        // The server closes it: the read ends (0 bytes, or a reset) instead of waiting for ever.
        using var wait = new CancellationTokenSource(Deadline.Default);
        try
        {
            Assert.Equal(0, await silent.ReceiveAsync(new byte[16], SocketFlags.None, wait.Token));
        }
        catch (SocketException)
        {
            // reset: closed too
        }

        await Deadline.UntilAsync(() => limits!.Connections == 0, () => "the silent socket's place to be given back");
        Assert.Equal(1, meter.Total("refusals.closed_before_tls"));
        await using var later = await RawClient.LoginAsync(server.Endpoint, "later", TestIdentities.Second);
        await later.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task Refused_connections_past_the_refusal_handshakes_a_second_are_closed_before_tls_and_counted()
    {
        using var meter = new ServerMeter();
        await using var server = await TestServer.StartAsync(
            o => o with { MaxConnections = 1, RefusalHandshakesPerSecond = 1 },
            meter.Register);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);

        // The first refusal of the second is told over TLS; those right after it get no handshake at all.
        await using (var told = await RawClient.ConnectAsync(server.Endpoint))
        {
            await told.ExpectRefusalWithRetryAsync(ErrorCode.TooManyConnections);
        }

        var untold = 0;
        for (var i = 0; i < 5; i++)
        {
            try
            {
                await using var refused = await RawClient.ConnectAsync(server.Endpoint);
                await refused.ExpectRefusalWithRetryAsync(ErrorCode.TooManyConnections);
            }
            catch (Exception ex) when (ex is IOException or AuthenticationException)
            {
                untold++;
            }
        }

        // One refusal a second is told; on a slow machine a second may pass during the loop, so not all five need be untold.
        Assert.True(untold > 0, "refusals right after the first should be closed before TLS");
        Assert.Equal(untold, meter.Total("refusals.closed_before_tls"));
        Assert.Equal(6, meter.Total("refusals code=TOO_MANY_CONNECTIONS"));
        await alice.ExpectNothingPendingAsync();
    }
}
