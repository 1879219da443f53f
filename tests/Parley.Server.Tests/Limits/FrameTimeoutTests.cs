using Parley.Protocol.Messages;

namespace Parley.Server.Tests.Limits;

public sealed class FrameTimeoutTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(40)]
    public async Task A_frame_started_and_left_unfinished_is_cut_off_with_frame_timeout(int bodyBytesSent)
    {
        await using var server = await TestServer.StartAsync(o => o with { FrameTimeout = TimeSpan.FromSeconds(1) });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var staller = await RawClient.LoginAsync(server.Endpoint, "staller", TestIdentities.Second);

        // A length prefix of 100 bytes (or only part of it), then some of the body, then nothing.
        byte[] started = bodyBytesSent == 0 ? [0, 0] : [0, 0, 0, 100, .. new byte[bodyBytesSent]];
        await staller.SendBytesAsync(started);

        var error = await staller.ExpectFatalErrorAndCloseAsync(ErrorCode.FrameTimeout);
        Assert.Contains("not finished", error.Message, StringComparison.Ordinal);
        await LimitProbes.ExpectServerGoesOnAsync(server, alice);
    }
}
