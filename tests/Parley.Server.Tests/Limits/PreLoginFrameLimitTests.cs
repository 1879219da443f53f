using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Xunit.Abstractions;

namespace Parley.Server.Tests.Limits;

public sealed class PreLoginFrameLimitTests(ITestOutputHelper output)
{
    [Fact]
    public void The_largest_login_a_client_can_send_fits_the_pre_login_frame_limit()
    {
        using var rsa = RSA.Create(4096);
        var login = new ClientFrame
        {
            Login = new Login
            {
                // 90 code points of four UTF-8 bytes each: the longest name there is, in bytes.
                Name = string.Concat(Enumerable.Repeat("\U0001D49C", 90)),
                PublicKey = ByteString.CopyFrom(rsa.ExportSubjectPublicKeyInfo()),
                Signature = ByteString.CopyFrom(new byte[512]),
                Presence = true,
            },
        };

        var size = login.CalculateSize();
        output.WriteLine($"largest login frame body: {size} bytes (limit {ParleyServerOptions.DefaultMaxLoginFrameBytes})");

        Assert.InRange(size, 1, ParleyServerOptions.DefaultMaxLoginFrameBytes / 2);
    }

    [Fact]
    public async Task A_frame_over_the_pre_login_limit_is_refused_from_its_length_alone_and_others_go_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var stranger = await RawClient.ConnectAsync(server.Endpoint);
        await stranger.HelloAsync();

        // Only the length prefix: no body is ever sent, so the refusal cannot have waited for one.
        await stranger.SendBytesAsync(new byte[] { 0, 0, 0x10, 0x01 });

        var error = await stranger.ExpectFatalErrorAndCloseAsync(ErrorCode.FrameTooLarge);
        Assert.Contains("before login", error.Message, StringComparison.Ordinal);
        await LimitProbes.ExpectServerGoesOnAsync(server, alice);
    }

    [Fact]
    public async Task After_login_frames_up_to_the_normal_limit_are_taken()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        var result = await alice.SendAndWaitAsync("bob", new byte[64 * 1024]);

        Assert.Equal(ErrorCode.Ok, result.Code);
        await bob.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
    }
}
