using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class HandshakeAndLoginTests
{
    [Fact]
    public async Task Hello_from_a_newer_client_gets_a_welcome_with_version_2_and_a_fresh_32_byte_challenge()
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await RawClient.ConnectAsync(server.Endpoint);
        await using var second = await RawClient.ConnectAsync(server.Endpoint);

        var welcome = await first.HelloAsync(version: 7);
        var other = await second.HelloAsync();

        Assert.Equal(ProtocolConstants.Version, welcome.ProtocolVersion);
        Assert.Equal(ProtocolConstants.ChallengeBytes, welcome.Challenge.Length);
        Assert.NotEqual(welcome.Challenge, other.Challenge);
        Assert.Equal((uint)ProtocolConstants.DefaultMaxFrameBytes, welcome.MaxFrameBytes);
        Assert.Equal(10_000u, welcome.LoginTimeoutMs);
        Assert.False(string.IsNullOrEmpty(welcome.ServerSoftware));
    }

    [Fact]
    public async Task A_signed_login_is_accepted_and_registers_the_name_to_the_key()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        var identity = TestIdentities.First;

        var accepted = await client.LoginAsync("alice", identity);

        Assert.Equal("alice", accepted.Name);
        Assert.Equal(identity.Fingerprint, accepted.Fingerprint);
        Assert.True(accepted.NewlyRegistered);
        Assert.Equal(1u, accepted.OnlineCount);
        await client.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task Protocol_version_0_is_refused_as_unsupported()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        await client.SendPreambleAsync();
        await client.SendAsync(new ClientFrame { Hello = new Hello { ProtocolVersion = 0 } });

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.UnsupportedVersion);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task A_version_1_hello_is_refused_as_unsupported_naming_the_version_the_server_speaks()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        await client.SendPreambleAsync();
        await client.SendAsync(new ClientFrame { Hello = new Hello { ProtocolVersion = 1, ClientSoftware = "parley-cli/0.1" } });

        var error = await client.ExpectFatalErrorAndCloseAsync(ErrorCode.UnsupportedVersion);
        Assert.Contains("protocol version 1 is no longer spoken; this server speaks version 3 only", error.Message, StringComparison.Ordinal);
        await pair.AssertStillRelayingAsync();
    }
}
