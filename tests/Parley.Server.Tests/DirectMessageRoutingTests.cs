using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class DirectMessageRoutingTests
{
    [Fact]
    public async Task A_sealed_message_reaches_only_its_recipient_with_the_senders_registered_name()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "Alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var carol = await RawClient.LoginAsync(server.Endpoint, "carol", TestIdentities.Third);
        var now = DateTimeOffset.UtcNow;
        var sealedBytes = MessageSealer.Seal(TestIdentities.First, "Alice", TestIdentities.Second.PublicKey, "bob", "hello bob", now);

        var result = await alice.SendAndWaitAsync("bob", sealedBytes);

        Assert.Equal(ErrorCode.Ok, result.Code);
        Assert.True(result.Acknowledged, $"a delivered send is acknowledged in a SendAcks, got {result}");
        var delivery = (await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery;
        Assert.Equal("Alice", delivery.From);
        var opened = MessageSealer.Open(
            TestIdentities.Second, "bob", delivery.From, TestIdentities.First.PublicKey, delivery.Sealed.ToByteArray(), now, new ReplayGuard());
        Assert.Equal("hello bob", opened.Text);
        await carol.ExpectNothingPendingAsync();
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task The_recipient_name_matches_case_insensitively_and_delivery_uses_the_registered_spelling()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "Bob", TestIdentities.Second);

        var result = await alice.SendAndWaitAsync("BOB", new byte[] { 1, 2, 3 });

        Assert.Equal(ErrorCode.Ok, result.Code);
        var delivery = (await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery;
        Assert.Equal("alice", delivery.From);
        Assert.Equal(new byte[] { 1, 2, 3 }, delivery.Sealed.ToByteArray());
    }

    [Fact]
    public async Task A_message_without_a_sealed_payload_is_an_invalid_request_and_the_connection_stays()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        var empty = await alice.SendAndWaitAsync("bob", ReadOnlyMemory<byte>.Empty);
        var badName = await alice.SendAndWaitAsync("b\u200Bob", new byte[] { 1 });

        Assert.Equal(ErrorCode.InvalidRequest, empty.Code);
        Assert.Equal(ErrorCode.InvalidRequest, badName.Code);
        Assert.False(string.IsNullOrWhiteSpace(badName.Message));
        await bob.ExpectNothingPendingAsync();
        Assert.Equal(ErrorCode.Ok, (await alice.SendAndWaitAsync("bob", new byte[] { 9 })).Code);
    }
}
