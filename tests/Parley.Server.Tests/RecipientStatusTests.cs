using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class RecipientStatusTests
{
    [Fact]
    public async Task Sending_to_a_name_nobody_registered_is_unknown_recipient()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);

        var result = await alice.SendAndWaitAsync("nobody", new byte[] { 1 });

        Assert.Equal(ErrorCode.UnknownRecipient, result.Code);
        Assert.Equal(0u, result.DeliveredConnections);
        Assert.Contains("nobody", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_to_a_registered_name_with_no_connection_is_queued_not_delivered()
    {
        await using var server = await TestServer.StartAsync();
        await using (var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second))
        {
            await bob.SayGoodbyeAsync();
            await bob.ExpectClosedAsync();
        }

        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        var result = await alice.SendAndWaitAsync("bob", new byte[] { 1 });

        Assert.Equal((ErrorCode.Ok, true), (result.Code, result.Queued));
        Assert.Equal(0u, result.DeliveredConnections);
    }

    [Fact]
    public async Task Lookup_finds_registered_names_online_or_not_and_reports_unknown_ones()
    {
        await using var server = await TestServer.StartAsync();
        await using (var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second))
        {
            await bob.SayGoodbyeAsync();
            await bob.ExpectClosedAsync();
        }

        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await alice.SendAsync(new ClientFrame { Lookup = new LookupPeer { RequestId = 1, Name = "BOB" } });
        var offline = (await alice.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult)).LookupResult;
        await alice.SendAsync(new ClientFrame { Lookup = new LookupPeer { RequestId = 2, Name = "alice" } });
        var online = (await alice.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult)).LookupResult;
        await alice.SendAsync(new ClientFrame { Lookup = new LookupPeer { RequestId = 3, Name = "nobody" } });
        var unknown = (await alice.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult)).LookupResult;

        Assert.Equal((1ul, ErrorCode.Ok, "bob", false), (offline.RequestId, offline.Code, offline.Peer.Name, offline.Peer.Online));
        Assert.Equal(TestIdentities.Second.PublicKey.Spki, offline.Peer.PublicKey.ToByteArray());
        Assert.Equal((2ul, ErrorCode.Ok, true), (online.RequestId, online.Code, online.Peer.Online));
        Assert.Equal((3ul, ErrorCode.UnknownRecipient), (unknown.RequestId, unknown.Code));
        Assert.Null(unknown.Peer);
    }
}
