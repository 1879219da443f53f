using Parley.Protocol.Messages;

namespace Parley.Server.Tests.Limits;

public sealed class RegistrationLimitTests
{
    [Fact]
    public async Task One_key_registers_at_most_the_names_per_key_and_keeps_logging_in_with_them()
    {
        // The flood: one key registered 300 names. With the default limit it gets 5.
        await using var server = await TestServer.StartAsync();
        var maximum = ParleyServerOptions.DefaultMaxNamesPerKey;
        var registered = new List<string>();
        var refused = 0;
        for (var i = 0; i < maximum + 10; i++)
        {
            var name = $"sock{i}";
            await using var client = await RawClient.ConnectAsync(server.Endpoint);
            await client.HelloAsync();
            await client.SendLoginAsync(name, TestIdentities.First, presence: false);
            var answer = await client.ReceiveAsync();
            if (answer.BodyCase == ServerFrame.BodyOneofCase.LoginAccepted)
            {
                Assert.True(answer.LoginAccepted.NewlyRegistered);
                registered.Add(name);
                continue;
            }

            Assert.Equal(ErrorCode.TooManyNames, answer.Error.Code);
            Assert.True(answer.Error.Fatal, answer.ToString());
            Assert.Contains($"({maximum})", answer.Error.Message, StringComparison.Ordinal);
            await client.ExpectClosedAsync();
            refused++;
        }

        Assert.Equal((maximum, 10), (registered.Count, refused));
        await using var again = await RawClient.LoginAsync(server.Endpoint, registered[0], TestIdentities.First);
        await using var lookup = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await lookup.SendAsync(new ClientFrame { Lookup = new LookupPeer { RequestId = 1, Name = $"sock{maximum}" } });
        Assert.Equal(ErrorCode.UnknownRecipient, (await lookup.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult)).LookupResult.Code);
    }

    [Fact]
    public async Task New_names_from_one_address_beyond_its_rate_are_refused_but_known_names_log_in()
    {
        await using var server = await TestServer.StartAsync(o => o with { LimitLoopbackAddresses = true, RegistrationsPerAddressPerHour = 2 });
        await using (await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First))
        await using (await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second))
        {
        }

        await using var third = await RawClient.ConnectAsync(server.Endpoint);
        await third.HelloAsync();
        await third.SendLoginAsync("carol", TestIdentities.Third, presence: false);

        var error = await third.ExpectRefusalWithRetryAsync(ErrorCode.RateLimited);
        Assert.Contains("new names from your address", error.Message, StringComparison.Ordinal);
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task New_names_beyond_the_servers_rate_are_refused()
    {
        await using var server = await TestServer.StartAsync(o => o with { RegistrationsPerHour = 2 });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var third = await RawClient.ConnectAsync(server.Endpoint);
        await third.HelloAsync();
        await third.SendLoginAsync("carol", TestIdentities.Third, presence: false);

        var error = await third.ExpectRefusalWithRetryAsync(ErrorCode.RateLimited);
        Assert.Contains("at most 2 new names an hour", error.Message, StringComparison.Ordinal);
        await alice.ExpectNothingPendingAsync();
    }
}
