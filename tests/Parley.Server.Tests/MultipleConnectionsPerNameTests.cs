using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class MultipleConnectionsPerNameTests
{
    [Fact]
    public async Task A_message_reaches_every_connection_of_the_recipient()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bobChat = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var bobSend = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        var result = await alice.SendAndWaitAsync("bob", new byte[] { 42 });

        // SendAcks says "at least one connection": both connections getting the copy is what shows there were two.
        Assert.True(result.Acknowledged, $"a delivered send is acknowledged in a SendAcks, got {result}");
        Assert.Equal("alice", (await bobChat.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery.From);
        Assert.Equal("alice", (await bobSend.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery.From);
    }

    [Fact]
    public async Task The_name_stays_online_until_its_last_connection_leaves()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.ConnectAsync(server.Endpoint);
        await alice.LoginAsync("alice", TestIdentities.First, presence: true);
        var bobFirst = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await alice.ExpectAsync(ServerFrame.BodyOneofCase.PeerJoined);
        await using var bobSecond = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        bobFirst.Crash();
        // The surviving connection still gets messages, and nobody was told bob left.
        var result = await alice.SendAndWaitAsync("bob", new byte[] { 1 });
        Assert.Equal(ErrorCode.Ok, result.Code);
        await bobSecond.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);

        await bobSecond.SayGoodbyeAsync();
        var left = await alice.ExpectAsync(ServerFrame.BodyOneofCase.PeerLeft);
        Assert.Equal("bob", left.PeerLeft.Name);
    }

    [Fact]
    public async Task A_fatal_error_on_one_connection_leaves_the_names_other_connections_alone()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.ConnectAsync(server.Endpoint);
        await alice.LoginAsync("alice", TestIdentities.First, presence: true);
        await using var bobGood = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await alice.ExpectAsync(ServerFrame.BodyOneofCase.PeerJoined);
        await using var bobBad = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        await bobBad.SendBytesAsync(new byte[] { 0, 0, 0, 3, 0xFF, 0xFF, 0xFF });
        await bobBad.ExpectFatalErrorAndCloseAsync(ErrorCode.MalformedFrame);

        var result = await alice.SendAndWaitAsync("bob", new byte[] { 7 });
        Assert.True(result.Acknowledged, $"a delivered send is acknowledged in a SendAcks, got {result}");
        await bobGood.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        await bobGood.ExpectNothingPendingAsync();
        await alice.ExpectNothingPendingAsync();
    }
}
