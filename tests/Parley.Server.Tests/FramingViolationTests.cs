using System.Buffers.Binary;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class FramingViolationTests
{
    [Fact]
    public async Task A_length_prefix_above_the_limit_is_refused_as_frame_too_large_without_reading_the_body()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        var welcome = await client.HelloAsync();
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, welcome.MaxFrameBytes + 1);

        await client.SendBytesAsync(prefix);

        var error = await client.ExpectFatalErrorAndCloseAsync(ErrorCode.FrameTooLarge);
        Assert.Contains(welcome.MaxFrameBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task A_body_that_is_not_a_client_frame_is_refused_as_malformed()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        await client.HelloAsync();

        // Field 1 as a length-delimited record claiming 100 bytes, with 2 present.
        await client.SendBytesAsync(new byte[] { 0, 0, 0, 4, 0x0A, 100, 1, 2 });

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.MalformedFrame);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task A_zero_length_frame_is_refused_as_malformed()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        await client.SendPreambleAsync();

        await client.SendBytesAsync(new byte[] { 0, 0, 0, 0 });

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.MalformedFrame);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task Half_a_frame_then_end_of_stream_is_reported_as_malformed_and_closed()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        await client.SendPreambleAsync();
        var hello = FrameCodec.ToFrameBytes(new ClientFrame { Hello = new Hello { ProtocolVersion = 1, ClientSoftware = "half" } });

        await client.SendBytesAsync(hello.AsMemory(0, hello.Length / 2));
        client.ShutdownSend();

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.MalformedFrame);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task Half_a_frame_then_a_closed_socket_does_not_disturb_others()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        var client = await RawClient.ConnectAsync(server.Endpoint);
        await client.SendPreambleAsync();
        var hello = FrameCodec.ToFrameBytes(new ClientFrame { Hello = new Hello { ProtocolVersion = 1 } });

        await client.SendBytesAsync(hello.AsMemory(0, hello.Length - 1));
        client.Crash();

        await pair.AssertStillRelayingAsync();
        await using var later = await RawClient.LoginAsync(server.Endpoint, "later", TestIdentities.First);
        Assert.Equal(ErrorCode.Ok, (await later.SendAndWaitAsync(pair.Receiver.Name, new byte[] { 1 })).Code);
    }

    [Fact]
    public async Task Half_a_frame_then_silence_ends_with_login_timeout()
    {
        await using var server = await TestServer.StartAsync(o => o with { LoginTimeout = TimeSpan.FromSeconds(2) });
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);
        var welcome = await client.HelloAsync();
        Assert.Equal(2000u, welcome.LoginTimeoutMs);
        var login = FrameCodec.ToFrameBytes(new ClientFrame { Login = new Login { Name = "slowpoke" } });

        await client.SendBytesAsync(login.AsMemory(0, login.Length / 2));

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.LoginTimeout);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task A_connection_that_never_logs_in_is_closed_with_login_timeout()
    {
        await using var server = await TestServer.StartAsync(o => o with { LoginTimeout = TimeSpan.FromSeconds(2) });
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.LoginTimeout);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task Bytes_that_are_not_the_preamble_are_refused_as_bad_preamble()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        await client.SendBytesAsync("GET / HTTP/1.1\r\n"u8.ToArray());

        var error = await client.ExpectFatalErrorAndCloseAsync(ErrorCode.BadPreamble);
        Assert.Contains("PRLY", error.Message, StringComparison.Ordinal);
        await pair.AssertStillRelayingAsync();
    }
}
