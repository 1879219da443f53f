using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests.Limits;

public sealed class RateLimitTests
{
    [Fact]
    public async Task New_connections_from_one_address_beyond_its_rate_are_refused()
    {
        await using var server = await TestServer.StartAsync(o => o with { LimitLoopbackAddresses = true, ConnectionsPerAddressPerMinute = 3 });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        for (var i = 0; i < 2; i++)
        {
            await using var quick = await RawClient.ConnectAsync(server.Endpoint);
            await quick.HelloAsync();
        }

        await using var onceTooMany = await RawClient.ConnectAsync(server.Endpoint);

        var error = await onceTooMany.ExpectRefusalWithRetryAsync(ErrorCode.RateLimited);
        Assert.Contains("new connections", error.Message, StringComparison.Ordinal);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task Logins_from_one_address_beyond_its_rate_are_refused_before_their_signature_is_checked()
    {
        await using var server = await TestServer.StartAsync(o => o with { LimitLoopbackAddresses = true, LoginsPerAddressPerMinute = 2 });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var third = await RawClient.ConnectAsync(server.Endpoint);
        await third.HelloAsync();

        // A signature that would not verify: the refusal comes before the check, or this would be BAD_SIGNATURE.
        await third.SendLoginAsync("carol", TestIdentities.Third, presence: false, signature: new byte[384]);

        var error = await third.ExpectRefusalWithRetryAsync(ErrorCode.RateLimited);
        Assert.Contains("logins", error.Message, StringComparison.Ordinal);
        await alice.ExpectNothingPendingAsync();
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task Requests_beyond_a_connections_rate_are_answered_rate_limited_and_the_connection_stays()
    {
        await using var server = await TestServer.StartAsync(o => o with { RequestsPerSecond = 5 });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        // A burst of 10 is allowed; 14 sends at once leave at least 3 refused, fewer than would close the connection.
        for (var i = 0; i < 14; i++)
        {
            await alice.SendMessageAsync("bob", new byte[] { 1 });
        }

        var codes = (await alice.ReceiveSendAnswersAsync(1, 14)).Select(a => a.Code).ToList();

        Assert.Contains(ErrorCode.Ok, codes);
        Assert.InRange(codes.Count(c => c == ErrorCode.RateLimited), 3, 14);
        Assert.All(codes, c => Assert.True(c is ErrorCode.Ok or ErrorCode.RateLimited, c.ToString()));
        await alice.ExpectNothingPendingAsync();

        // Every accepted message is delivered, no refused one is.
        for (var i = 0; i < codes.Count(c => c == ErrorCode.Ok); i++)
        {
            await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        }

        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task A_connection_that_keeps_flooding_after_being_refused_is_closed()
    {
        await using var server = await TestServer.StartAsync(o => o with { RequestsPerSecond = 5 });
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var flooder = await RawClient.LoginAsync(server.Endpoint, "flooder", TestIdentities.First);

        // One write: the server closes the connection partway through, and a writer still sending would get a broken pipe.
        await flooder.SendBytesAsync(Enumerable.Range(1, 200)
            .SelectMany(i => FrameCodec.ToFrameBytes(new ClientFrame { Lookup = new LookupPeer { RequestId = (ulong)i, Name = "bob" } }))
            .ToArray());

        var answered = new Dictionary<ErrorCode, int>();
        while (true)
        {
            var frame = await flooder.ReceiveAsync();
            if (frame.BodyCase == ServerFrame.BodyOneofCase.Error)
            {
                Assert.Equal(ErrorCode.RateLimited, frame.Error.Code);
                Assert.True(frame.Error.Fatal && frame.Error.RetryAfterMs > 0, frame.ToString());
                break;
            }

            var code = frame.LookupResult.Code;
            answered[code] = answered.GetValueOrDefault(code) + 1;
        }

        await flooder.ExpectClosedAsync();
        Assert.True(answered.GetValueOrDefault(ErrorCode.Ok) >= 1, string.Join(", ", answered));
        Assert.True(answered.GetValueOrDefault(ErrorCode.RateLimited) >= 1, string.Join(", ", answered));
        Assert.True(answered.Values.Sum() < 200, "the connection was closed before all its requests were answered");
        await LimitProbes.ExpectServerGoesOnAsync(server, bob);
    }

    [Fact]
    public async Task Pings_are_not_counted_as_requests()
    {
        await using var server = await TestServer.StartAsync(o => o with { RequestsPerSecond = 1 });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);

        for (var i = 0; i < 20; i++)
        {
            await alice.ExpectNothingPendingAsync();
        }

        await alice.SendAsync(new ClientFrame { Lookup = new LookupPeer { RequestId = 1, Name = "alice" } });
        Assert.Equal(ErrorCode.Ok, (await alice.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult)).LookupResult.Code);
    }
}
