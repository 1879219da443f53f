using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>--insecure on both sides still works (plain TCP); a mismatch between the two says which flag is missing.</summary>
public sealed class InsecureModeTests
{
    [Fact]
    public async Task An_insecure_client_and_server_talk_plain_tcp_and_pin_nothing()
    {
        await using var server = await TestServer.StartAsync(o => o with { Insecure = true });
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync(Options(bed, "bob", server.Address) with { Insecure = true, Presence = true });
        var alice = await bed.ConnectAsync(Options(bed, "alice", server.Address) with { Insecure = true, Presence = true });

        Assert.True((await alice.SendTextAsync("bob", "plain")).Delivered);
        Assert.Equal("plain", (await bob.NextMessageAsync("plain")).Message.Text);
        Assert.Null(new Storage.KnownServers(bed.HomeOf("alice")).Find(server.Address));
    }

    [Fact]
    public async Task A_tls_client_to_an_insecure_server_fails_naming_the_insecure_flag()
    {
        await using var server = await TestServer.StartAsync(o => o with { Insecure = true });
        await using var bed = await TestBed.StartAsync();

        var refused = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync(Options(bed, "alice", server.Address)));

        Assert.Equal(ParleyErrorKind.ConnectionFailed, refused.Kind);
        Assert.Contains("--insecure", refused.Message, StringComparison.Ordinal);
    }

    private static ParleyClientOptions Options(TestBed bed, string name, string server) => new()
    {
        Server = server,
        Name = name,
        Home = bed.HomeOf(name),
        Presence = false,
    };
}
