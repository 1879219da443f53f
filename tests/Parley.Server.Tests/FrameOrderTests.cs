using Google.Protobuf;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class FrameOrderTests
{
    [Fact]
    public async Task Send_before_login_is_an_unexpected_frame()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        await client.HelloAsync();

        await client.SendAsync(new ClientFrame
        {
            Send = new SendMessage { RequestId = 1, To = pair.Receiver.Name, Sealed = ByteString.CopyFrom(1, 2, 3) },
        });

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.UnexpectedFrame);
        await pair.Receiver.ExpectNothingPendingAsync();
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task Login_before_hello_is_an_unexpected_frame()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        await client.SendPreambleAsync();

        await client.SendAsync(new ClientFrame { Login = new Login { Name = "alice" } });

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.UnexpectedFrame);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task A_second_login_on_a_logged_in_connection_is_an_unexpected_frame()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);

        await client.SendLoginAsync("alice", TestIdentities.First, presence: false);

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.UnexpectedFrame);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task Ping_after_login_gets_pong_with_the_same_nonce()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);

        await client.ExpectNothingPendingAsync();
    }
}
