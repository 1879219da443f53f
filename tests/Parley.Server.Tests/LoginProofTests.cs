using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class LoginProofTests
{
    [Fact]
    public async Task A_signature_by_another_key_is_refused_as_bad_signature()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        var welcome = await client.HelloAsync();
        var forged = TestIdentities.Second.Sign(LoginTranscript.Build(welcome.Challenge.Span, client.ChannelBinding, "alice", TestIdentities.First.PublicKey.Spki));

        await client.SendLoginAsync("alice", TestIdentities.First, presence: false, signature: forged);

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.BadSignature);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task A_signature_over_another_connections_challenge_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        await client.HelloAsync();
        var replayed = TestIdentities.First.Sign(
            LoginTranscript.Build(RandomNumberGenerator.GetBytes(32), client.ChannelBinding, "alice", TestIdentities.First.PublicKey.Spki));

        await client.SendLoginAsync("alice", TestIdentities.First, presence: false, signature: replayed);

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.BadSignature);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task A_public_key_that_is_not_rsa_spki_is_refused_as_invalid_public_key()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        await client.HelloAsync();

        await client.SendAsync(new ClientFrame
        {
            Login = new Login
            {
                Name = "alice",
                PublicKey = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(400)),
                Signature = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(384)),
            },
        });

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.InvalidPublicKey);
        await pair.AssertStillRelayingAsync();
    }
}
