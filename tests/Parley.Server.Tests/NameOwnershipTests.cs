using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class NameOwnershipTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("Alice")]
    [InlineData("ALICE")]
    public async Task A_name_owned_by_another_key_is_refused_whatever_its_case(string attempt)
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var owner = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var thief = await RawClient.ConnectAsync(server.Endpoint);

        await thief.HelloAsync();
        await thief.SendLoginAsync(attempt, TestIdentities.Second, presence: false);
        var error = await thief.ExpectFatalErrorAndCloseAsync(ErrorCode.NameTaken);

        Assert.Contains("'alice' belongs to another key", error.Message, StringComparison.Ordinal);
        Assert.Contains(TestIdentities.First.Fingerprint, error.Message, StringComparison.Ordinal);
        await owner.ExpectNothingPendingAsync();
        await pair.AssertStillRelayingAsync();
    }

    [Theory]
    [InlineData("\u0430lice")] // Cyrillic а
    [InlineData("al\u0456ce")] // Cyrillic і
    [InlineData("ａｌｉｃｅ")] // fullwidth
    [InlineData("\u0251lice")] // Latin alpha ɑ
    [InlineData("\u1D00lice")] // small capital ᴀ
    [InlineData("alice\u0307")] // combining dot above
    public async Task A_name_that_prints_like_a_registered_one_is_refused_as_taken(string lookalike)
    {
        await using var server = await TestServer.StartAsync();
        await using var owner = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var thief = await RawClient.ConnectAsync(server.Endpoint);

        await thief.HelloAsync();
        await thief.SendLoginAsync(lookalike, TestIdentities.Second, presence: false);
        var error = await thief.ExpectFatalErrorAndCloseAsync(ErrorCode.NameTaken);

        Assert.Contains("'alice' belongs to another key", error.Message, StringComparison.Ordinal);
        await owner.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task A_lookalike_spelling_reaches_the_registered_name()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        await bob.SendAsync(new ClientFrame { Lookup = new LookupPeer { RequestId = 1, Name = "ａｌｉｃｅ" } });
        var found = (await bob.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult)).LookupResult;
        var sent = await bob.SendAndWaitAsync("\u0251lice", new byte[] { 7 });
        var delivered = await alice.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);

        Assert.Equal((ErrorCode.Ok, "alice"), (found.Code, found.Peer.Name));
        Assert.True(sent.Acknowledged, $"a delivered send is acknowledged in a SendAcks, got {sent}");
        Assert.Equal("bob", delivered.Delivery.From);
    }

    [Fact]
    public async Task The_owning_key_logs_in_again_under_any_case_and_keeps_the_registered_spelling()
    {
        await using var server = await TestServer.StartAsync();
        await using (var first = await RawClient.LoginAsync(server.Endpoint, "Alice", TestIdentities.First))
        {
            await first.SayGoodbyeAsync();
            await first.ExpectClosedAsync();
        }

        await using var again = await RawClient.ConnectAsync(server.Endpoint);
        var accepted = await again.LoginAsync("alice", TestIdentities.First);

        Assert.False(accepted.NewlyRegistered);
        Assert.Equal("Alice", accepted.Name);
    }
}
