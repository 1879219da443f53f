using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>Protocol v3 §12.3 from the client's side: sends complete on a SendAcks, errors on their own SendResult, and a hostile up_to ends the session.</summary>
public sealed class SendAcknowledgementTests
{
    [Fact]
    public async Task Sends_in_flight_complete_on_one_send_acks_and_the_one_refused_keeps_its_own_error()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-acks");
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptLoginAsync(WireFrames.PeerOf("bob", TestIdentities.Get(1)));
        session.ServeBundlesOf("bob", TestIdentities.Get(1));
        await using var alice = await connecting;

        var sending = Enumerable.Range(0, 5).Select(i => alice.SendTextAsync("bob", $"message {i}")).ToList();
        var ids = new List<ulong>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await session.ReadUntilAsync(ClientFrame.BodyOneofCase.Send)).Send.RequestId);
        }

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        await session.SendAsync(new ServerFrame { SendResult = new SendResult { RequestId = ids[2], Code = ErrorCode.RecipientBusy, Message = "busy" } });
        await session.SendAsync(new ServerFrame { SendAcks = new SendAcks { UpTo = ids[4] } });

        var outcomes = await Task.WhenAll(sending).WaitAsync(FakeServer.Timeout);
        Assert.Equal(4, outcomes.Count(o => o.Status == SendStatus.Delivered));
        Assert.All(outcomes.Where(o => o.Delivered), o => Assert.Contains("at least one", o.Detail, StringComparison.Ordinal));
        Assert.Equal("busy", Assert.Single(outcomes, o => !o.Delivered).Detail);
        Assert.Equal(SendStatus.RecipientBusy, Assert.Single(outcomes, o => !o.Delivered).Status);
    }

    [Theory]
    [InlineData(1000ul, "acknowledged sends up to request")]
    [InlineData(0ul, "already acknowledging")]
    public async Task A_send_acks_that_cannot_be_right_ends_the_session_as_a_protocol_error_and_delivers_nothing(ulong offset, string reason)
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-acks");
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptLoginAsync(WireFrames.PeerOf("bob", TestIdentities.Get(1)));
        session.ServeBundlesOf("bob", TestIdentities.Get(1));
        await using var alice = await connecting;
        var first = alice.SendTextAsync("bob", "first");
        var firstId = (await session.ReadUntilAsync(ClientFrame.BodyOneofCase.Send)).Send.RequestId;
        await session.SendAsync(new ServerFrame { SendAcks = new SendAcks { UpTo = firstId } });
        Assert.True((await first.WaitAsync(FakeServer.Timeout)).Delivered);

        var second = alice.SendTextAsync("bob", "second");
        var secondId = (await session.ReadUntilAsync(ClientFrame.BodyOneofCase.Send)).Send.RequestId;
        // Above every send made, or not past what was acknowledged already.
        await session.SendAsync(new ServerFrame { SendAcks = new SendAcks { UpTo = offset == 0 ? firstId : secondId + offset } });

        var error = await Assert.ThrowsAsync<ParleyException>(() => second.WaitAsync(FakeServer.Timeout));
        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        var events = await alice.CollectUntilAsync(e => e is DisconnectedEvent);
        var disconnected = Assert.IsType<DisconnectedEvent>(events[^1]);
        Assert.Contains(reason, disconnected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Against_a_real_server_a_burst_of_sends_completes_on_send_acks_and_the_refused_one_reports_its_error()
    {
        await using var bed = await TestBed.StartAsync();
        await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");
        var sealedBytes = new byte[] { 1, 2, 3 };

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => alice.SendSealedAsync(i == 10 ? "nobody-registered" : "bob", sealedBytes)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        var refused = Assert.Single(answers, a => !a.Acknowledged);
        Assert.Equal(ErrorCode.UnknownRecipient, refused.Code);
        Assert.Equal(19, answers.Count(a => a.Acknowledged));
    }

    private static Task<ParleyClient> ConnectAsync(FakeServer fake, TempDir home)
    {
        new IdentityStore(home.Path).Save(Storage.IdentityName.Parse("alice"), TestIdentities.Get(0));
        return ParleyClient.ConnectAsync(new ParleyClientOptions { Server = fake.Address, Name = "alice", Home = home.Path });
    }
}
