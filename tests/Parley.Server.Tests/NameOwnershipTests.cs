using Parley.Protocol.Messages;
using Parley.Server.Tests.Support;

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
