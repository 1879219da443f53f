using Parley.Client.Storage;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>The client pins the server's TLS key per address (known_servers), as SSH pins host keys.</summary>
public sealed class ServerPinningTests
{
    [Fact]
    public async Task The_first_connection_pins_the_servers_key_and_says_so_once()
    {
        await using var bed = await TestBed.StartAsync();
        var notices = new List<string>();

        await bed.ConnectAsync(Options(bed, "alice") with { OnServerPinned = notices.Add });
        await bed.ConnectAsync(Options(bed, "alice") with { OnServerPinned = notices.Add });

        var notice = Assert.Single(notices);
        Assert.Contains(bed.Server.Fingerprint!, notice, StringComparison.Ordinal);
        Assert.Equal(bed.Server.Fingerprint, new KnownServers(bed.HomeOf("alice")).Find(bed.Server.Address));
    }

    [Fact]
    public async Task A_changed_server_key_is_refused_naming_both_keys_and_the_way_to_accept_it()
    {
        await using var bed = await TestBed.StartAsync();
        await using var other = await TestServer.StartAsync();
        await using var relay = new RecordingProxy(bed.Server.Port);
        await bed.ConnectAsync(Options(bed, "alice", relay.Address));
        relay.UpstreamPort = other.Port;

        var refused = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(Options(bed, "alice", relay.Address)));

        Assert.Equal(ParleyErrorKind.ServerKeyChanged, refused.Kind);
        Assert.Contains($"presented the key {other.Fingerprint}, but {bed.Server.Fingerprint} is pinned", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"parley servers forget {relay.Address}", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"--server-fingerprint {other.Fingerprint}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(bed.Server.Fingerprint, new KnownServers(bed.HomeOf("alice")).Find(relay.Address));
    }

    [Fact]
    public async Task A_changed_key_given_with_server_fingerprint_is_accepted_and_pinned()
    {
        await using var bed = await TestBed.StartAsync();
        await using var other = await TestServer.StartAsync();
        await using var relay = new RecordingProxy(bed.Server.Port);
        await bed.ConnectAsync(Options(bed, "alice", relay.Address));
        relay.UpstreamPort = other.Port;

        await bed.ConnectAsync(Options(bed, "alice", relay.Address) with { ServerFingerprint = other.Fingerprint });
        await bed.ConnectAsync(Options(bed, "alice", relay.Address));

        Assert.Equal(other.Fingerprint, new KnownServers(bed.HomeOf("alice")).Find(relay.Address));
    }

    [Fact]
    public async Task A_forgotten_server_is_pinned_again_on_the_next_connection()
    {
        await using var bed = await TestBed.StartAsync();
        await using var other = await TestServer.StartAsync();
        await using var relay = new RecordingProxy(bed.Server.Port);
        await bed.ConnectAsync(Options(bed, "alice", relay.Address));
        relay.UpstreamPort = other.Port;

        Assert.True(new KnownServers(bed.HomeOf("alice")).Forget(relay.Address));
        await bed.ConnectAsync(Options(bed, "alice", relay.Address));

        Assert.Equal(other.Fingerprint, new KnownServers(bed.HomeOf("alice")).Find(relay.Address));
    }

    [Fact]
    public async Task A_server_fingerprint_given_up_front_refuses_any_other_key_and_sends_nothing()
    {
        await using var bed = await TestBed.StartAsync();
        await using var other = await TestServer.StartAsync();

        var refused = await Assert.ThrowsAsync<ParleyException>(
            () => bed.ConnectAsync(Options(bed, "alice", other.Address) with { ServerFingerprint = bed.Server.Fingerprint }));

        Assert.Equal(ParleyErrorKind.ServerKeyChanged, refused.Kind);
        Assert.Contains($"presented the key {other.Fingerprint}, not {bed.Server.Fingerprint} given with --server-fingerprint", refused.Message, StringComparison.Ordinal);
        Assert.Null(new KnownServers(bed.HomeOf("alice")).Find(other.Address));
    }

    [Fact]
    public async Task A_tls_terminating_proxy_with_another_certificate_is_refused_by_a_client_that_pinned_the_real_server()
    {
        await using var bed = await TestBed.StartAsync();
        await using var impostor = new RecordingProxy(bed.Server.Port, TestTls.OwnCertificate);
        await bed.ConnectAsync(Options(bed, "alice"));
        new KnownServers(bed.HomeOf("alice")).Pin(impostor.Address, bed.Server.Fingerprint!); // the user pinned the real server at that address

        var refused = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(Options(bed, "alice", impostor.Address)));

        Assert.Equal(ParleyErrorKind.ServerKeyChanged, refused.Kind);
        Assert.Contains(TestTls.OwnFingerprint, refused.Message, StringComparison.Ordinal);
        Assert.Contains(bed.Server.Fingerprint!, refused.Message, StringComparison.Ordinal);
        Assert.All(impostor.ClientToServer(), bytes => Assert.Empty(bytes)); // the TLS ended at the proxy: no byte of Parley got through
    }

    [Fact]
    public async Task A_fingerprint_that_is_not_one_is_refused_before_connecting()
    {
        await using var bed = await TestBed.StartAsync();

        var refused = await Assert.ThrowsAsync<ParleyException>(
            () => bed.ConnectAsync(Options(bed, "alice") with { ServerFingerprint = "SHA256:not-a-fingerprint" }));

        Assert.Equal(ParleyErrorKind.ConnectionFailed, refused.Kind);
        Assert.Contains("is not a server fingerprint", refused.Message, StringComparison.Ordinal);
    }

    private static ParleyClientOptions Options(TestBed bed, string name, string? server = null) => new()
    {
        Server = server ?? bed.Server.Address,
        Name = name,
        Home = bed.HomeOf(name),
        Presence = false,
    };
}
