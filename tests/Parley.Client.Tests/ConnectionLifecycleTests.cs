using Google.Protobuf;
using Parley.Client.Tests.Support;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

public sealed class ConnectionLifecycleTests
{
    [Fact]
    public async Task A_vanished_server_fails_pending_sends_and_ends_events_with_disconnected()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-lifecycle");
        var bob = TestIdentities.Get(1);
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptLoginAsync(WireFrames.PeerOf("bob", bob));
        await using var alice = await connecting;

        var sending = alice.SendTextAsync("bob", "into the void");
        await session.AnswerBundleAsync("bob", bob);
        var sent = await session.ReadUntilAsync(ClientFrame.BodyOneofCase.Send);
        session.Drop();

        Assert.Equal("bob", sent.Send.To);
        var error = await Assert.ThrowsAsync<ParleyException>(() => sending);
        Assert.Equal(ParleyErrorKind.Disconnected, error.Kind);
        var events = await alice.CollectUntilAsync(e => e is DisconnectedEvent);
        Assert.IsType<DisconnectedEvent>(events[^1]);
        Assert.False(await alice.Events.WaitToReadAsync(), "the event channel completes after DisconnectedEvent");
        var later = await Assert.ThrowsAsync<ParleyException>(() => alice.SendTextAsync("bob", "again"));
        Assert.Equal(ParleyErrorKind.Disconnected, later.Kind);
    }

    [Fact]
    public async Task Frames_of_unknown_types_are_ignored_and_the_session_goes_on()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-lifecycle");
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptLoginAsync();
        await using var alice = await connecting;

        // Field 99 of ServerFrame does not exist in this protocol version: a frame from a future server.
        var futureBody = new byte[] { 0x9A, 0x06, 0x03, 0x01, 0x02, 0x03 };
        await session.SendBytesAsync([0, 0, 0, (byte)futureBody.Length, .. futureBody]);
        var pinging = alice.PingAsync();
        var ping = await session.ReadUntilAsync(ClientFrame.BodyOneofCase.Ping);
        await session.SendAsync(new ServerFrame { Pong = new Pong { Nonce = ping.Ping.Nonce } });

        Assert.True(await pinging >= TimeSpan.Zero);
        Assert.False(alice.Events.TryRead(out var unexpected), $"no event expected, got {unexpected}");
        await session.DisposeAsync();
    }

    [Fact]
    public async Task A_fatal_server_error_is_the_reason_given_when_disconnected()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-lifecycle");
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptLoginAsync();
        await using var alice = await connecting;

        await session.SendAsync(new ServerFrame { Error = new Error { Code = ErrorCode.ServerShuttingDown, Message = "bye for now", Fatal = true } });
        await session.DisposeAsync();

        var disconnected = await alice.NextAsync<DisconnectedEvent>();
        Assert.Contains("bye for now (SERVER_SHUTTING_DOWN)", disconnected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_says_goodbye_and_closes()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-lifecycle");
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptLoginAsync();
        var alice = await connecting;

        var disposing = alice.DisposeAsync().AsTask();
        var goodbye = await session.ReadAsync();
        await session.DisposeAsync();
        await disposing;

        Assert.Equal(ClientFrame.BodyOneofCase.Goodbye, goodbye.BodyCase);
        var events = await alice.CollectUntilAsync(e => e is DisconnectedEvent);
        Assert.Equal("closed by this client", ((DisconnectedEvent)events[^1]).Reason);
    }

    [Fact]
    public async Task A_frame_over_the_servers_limit_is_refused_locally_and_the_connection_stays_up()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");

        var outcome = await alice.SendTextAsync("bob", new string('x', ProtocolConstants.DefaultMaxFrameBytes));

        Assert.Equal(SendStatus.Refused, outcome.Status);
        Assert.Contains("at most", outcome.Detail, StringComparison.Ordinal);
        Assert.True((await alice.SendTextAsync("bob", "still here")).Delivered);
        await bob.NextMessageAsync("still here");
    }

    [Fact]
    public async Task A_queued_delivery_that_claims_the_longest_wait_the_wire_can_say_is_shown_and_the_client_goes_on()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-lifecycle");
        var bob = TestIdentities.Get(1);
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptLoginAsync(WireFrames.PeerOf("bob", bob));
        await using var alice = await connecting;
        using var aliceKey = PeerKey.FromSpki(TestIdentities.Get(0).PublicKey.Spki);
        var sealedBytes = MessageSealer.Seal(bob, "bob", aliceKey, "alice", "queued since 1890", DateTimeOffset.UtcNow);

        await session.SendAsync(new ServerFrame
        {
            Delivery = new Delivery { From = "bob", Sealed = ByteString.CopyFrom(sealedBytes), QueueSeq = 1, QueuedForSeconds = uint.MaxValue },
        });

        var message = (await alice.NextMessageAsync("queued since 1890")).Message;
        Assert.True(message.WasQueued);
        Assert.InRange(message.QueuedAt!.Value.Year, 1889, 1890); // 2^32 - 1 seconds (136 years) before now
        var pinging = alice.PingAsync();
        var ping = await session.ReadUntilAsync(ClientFrame.BodyOneofCase.Ping);
        await session.SendAsync(new ServerFrame { Pong = new Pong { Nonce = ping.Ping.Nonce } });
        Assert.True(await pinging >= TimeSpan.Zero);
    }

    private static Task<ParleyClient> ConnectAsync(FakeServer fake, TempDir home)
    {
        new IdentityStore(home.Path).Save(Storage.IdentityName.Parse("alice"), TestIdentities.Get(0));
        return ParleyClient.ConnectAsync(new ParleyClientOptions { Server = fake.Address, Name = "alice", Home = home.Path });
    }
}
