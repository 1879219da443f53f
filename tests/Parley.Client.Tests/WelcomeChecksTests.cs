using Google.Protobuf;
using Parley.Client.Tests.Support;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>What a server says in Welcome is checked, not taken on trust; and its SERVER_BUSY refusal reads clearly.</summary>
public sealed class WelcomeChecksTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(4096)]
    public async Task A_challenge_that_is_not_32_bytes_is_refused_before_anything_is_signed(int length)
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-welcome");
        var connecting = ConnectAsync(fake, home);

        var session = await fake.AcceptHelloAsync(w => w.Challenge = ByteString.CopyFrom(new byte[length]));

        var error = await Assert.ThrowsAsync<ParleyException>(() => connecting);
        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        Assert.Contains($"challenge is {length} bytes, not 32", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<IOException>(() => session.ReadAsync()); // closed, with no login sent
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(1023u)]
    public async Task A_frame_limit_below_1024_bytes_is_refused(uint maxFrameBytes)
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-welcome");
        var connecting = ConnectAsync(fake, home);

        await fake.AcceptHelloAsync(w => w.MaxFrameBytes = maxFrameBytes);

        var error = await Assert.ThrowsAsync<ParleyException>(() => connecting);
        Assert.Equal(ParleyErrorKind.ProtocolError, error.Kind);
        Assert.Contains($"frame limit of {maxFrameBytes} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_limit_above_16_MiB_is_taken_as_16_MiB()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-welcome");
        var bob = TestIdentities.Get(1);
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptLoginAsync(w => w.MaxFrameBytes = uint.MaxValue, WireFrames.PeerOf("bob", bob));
        await using var alice = await connecting;

        // The guard only keeps a client that would send the frame (and wait for an answer) from hanging the test.
        using var guard = new CancellationTokenSource(EventReading.Timeout);
        var sending = alice.SendTextAsync("bob", new string('x', ProtocolConstants.MaxAnnouncedFrameBytes), guard.Token);
        await session.AnswerBundleAsync("bob", bob);
        var outcome = await sending;

        Assert.Equal(SendStatus.Refused, outcome.Status);
        Assert.Contains("at most", outcome.Detail, StringComparison.Ordinal);
        var pinging = alice.PingAsync();
        var next = await session.ReadAsync();
        Assert.Equal(ClientFrame.BodyOneofCase.Ping, next.BodyCase);
        await session.SendAsync(new ServerFrame { Pong = new Pong { Nonce = next.Ping.Nonce } });
        await pinging;
    }

    [Fact]
    public async Task A_server_busy_refusal_is_a_server_busy_error_that_says_to_try_again()
    {
        await using var fake = new FakeServer();
        using var home = new TempDir("parley-client-tests-welcome");
        var connecting = ConnectAsync(fake, home);
        var session = await fake.AcceptHelloAsync();
        Assert.Equal(ClientFrame.BodyOneofCase.Login, (await session.ReadAsync()).BodyCase);

        await session.SendAsync(new ServerFrame
        {
            Error = new Error { Code = ErrorCode.ServerBusy, Message = "login verification queue is full, try again shortly", Fatal = true },
        });
        await session.DisposeAsync();

        var error = await Assert.ThrowsAsync<ParleyException>(() => connecting);
        Assert.Equal(ParleyErrorKind.ServerBusy, error.Kind);
        Assert.Equal("the server refused: login verification queue is full, try again shortly (SERVER_BUSY)", error.Message);
    }

    private static Task<ParleyClient> ConnectAsync(FakeServer fake, TempDir home)
    {
        new IdentityStore(home.Path).Save(Storage.IdentityName.Parse("alice"), TestIdentities.Get(0));
        return ParleyClient.ConnectAsync(new ParleyClientOptions { Server = fake.Address, Name = "alice", Home = home.Path });
    }
}
