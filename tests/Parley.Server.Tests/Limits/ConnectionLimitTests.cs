using Microsoft.Extensions.DependencyInjection;
using Parley.Protocol.Messages;
using Parley.Server.Limits;
using Parley.Server.Metrics;

namespace Parley.Server.Tests.Limits;

public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task A_connection_beyond_the_server_maximum_is_refused_and_a_freed_place_is_taken_again()
    {
        AdmissionLimits? limits = null;
        await using var server = await TestServer.StartAsync(
            o => o with { MaxConnections = 2 },
            services => services.AddSingleton(provider => limits = new AdmissionLimits(provider.GetRequiredService<ParleyServerOptions>())));
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        var second = await RawClient.ConnectAsync(server.Endpoint);
        await second.HelloAsync();

        await using (var third = await RawClient.ConnectAsync(server.Endpoint))
        {
            var error = await third.ExpectRefusalWithRetryAsync(ErrorCode.TooManyConnections);
            Assert.Contains("maximum of 2 connections", error.Message, StringComparison.Ordinal);
        }

        await alice.ExpectNothingPendingAsync();
        second.Crash();
        await second.DisposeAsync();
        await Deadline.UntilAsync(() => limits!.Connections < 2, () => "the crashed connection's place to be given back");
        await using var later = await RawClient.LoginAsync(server.Endpoint, "later", TestIdentities.Second);
        await later.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task A_connection_beyond_the_maximum_from_one_address_is_refused()
    {
        await using var server = await TestServer.StartAsync(o => o with { LimitLoopbackAddresses = true, MaxConnectionsPerAddress = 2 });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var second = await RawClient.ConnectAsync(server.Endpoint);
        await second.HelloAsync();

        await using var third = await RawClient.ConnectAsync(server.Endpoint);

        var error = await third.ExpectRefusalWithRetryAsync(ErrorCode.TooManyConnections);
        Assert.Contains("your address", error.Message, StringComparison.Ordinal);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task Loopback_is_not_counted_per_address_unless_asked()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxConnectionsPerAddress = 1 });

        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task Many_logins_for_one_name_stop_at_the_per_name_maximum_and_the_others_go_on()
    {
        // The flood: one address opened 2,000 logins for one name. With the default limit only 16 get in.
        await using var server = await TestServer.StartAsync();
        var maximum = ParleyServerOptions.DefaultMaxConnectionsPerName;
        var accepted = new List<RawClient>();
        var refused = 0;
        try
        {
            for (var i = 0; i < maximum + 8; i++)
            {
                var client = await RawClient.ConnectAsync(server.Endpoint);
                await client.HelloAsync();
                await client.SendLoginAsync("mallory", TestIdentities.First, presence: false);
                var answer = await client.ReceiveAsync();
                if (answer.BodyCase == ServerFrame.BodyOneofCase.LoginAccepted)
                {
                    accepted.Add(client);
                    continue;
                }

                Assert.Equal(ErrorCode.TooManyConnections, answer.Error.Code);
                Assert.True(answer.Error.Fatal && answer.Error.RetryAfterMs > 0, answer.ToString());
                Assert.Contains("'mallory'", answer.Error.Message, StringComparison.Ordinal);
                refused++;
                await client.ExpectClosedAsync();
                await client.DisposeAsync();
            }

            Assert.Equal((maximum, 8), (accepted.Count, refused));
            await LimitProbes.ExpectServerGoesOnAsync(server, accepted[0]);
        }
        finally
        {
            foreach (var client in accepted)
            {
                await client.DisposeAsync();
            }
        }
    }
}
