using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>
/// Proof: the login signs the server's certificate (tls-server-end-point), so a login relayed live by someone
/// holding another certificate is useless at the real server, while plain relaying of the TLS bytes works.
/// </summary>
public sealed class RelayedLoginTests
{
    [Fact]
    public async Task A_login_relayed_through_a_proxy_with_its_own_certificate_is_refused_by_the_real_server()
    {
        await using var bed = await TestBed.StartAsync();
        await using var relay = new FrameProxy(bed.Server.Port, TestTls.OwnCertificate);

        // The client trusts the proxy's certificate (first use, or a fingerprint the attacker got it to accept).
        var refused = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(new ParleyClientOptions
        {
            Server = relay.Address,
            Name = "alice",
            Home = bed.HomeOf("alice"),
            ServerFingerprint = TestTls.OwnFingerprint,
        }));

        Assert.Contains("BAD_SIGNATURE", refused.Message, StringComparison.Ordinal);
        var relayed = Assert.Single(relay.ForwardedFromClients());
        Assert.Contains(relayed, frame => frame.BodyCase == Parley.Protocol.Messages.ClientFrame.BodyOneofCase.Login); // the login did reach the server
    }

    [Fact]
    public async Task The_same_login_relayed_byte_for_byte_logs_in()
    {
        await using var bed = await TestBed.StartAsync();
        await using var relay = new RecordingProxy(bed.Server.Port);

        var alice = await bed.ConnectAsync("alice", presence: false, server: relay.Address);

        await alice.PingAsync();
    }
}
