using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Testing;

/// <summary>
/// A deliberately small client that speaks the wire protocol by hand (Parley.Protocol + Parley.Crypto
/// only), so the tests can also send what a real client never would.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly FrameStream _frames;
    private ulong _nextRequestId;

    private RawClient(Socket socket, Stream? tls, byte[] channelBinding, string? fingerprint)
    {
        _frames = new FrameStream(socket, tls);
        ChannelBinding = channelBinding;
        ServerFingerprint = fingerprint;
    }

    /// <summary>What a login on this connection signs: the server certificate's tls-server-end-point, or nothing over plain TCP.</summary>
    public byte[] ChannelBinding { get; }

    /// <summary>The fingerprint of the key the server presented; null over plain TCP.</summary>
    public string? ServerFingerprint { get; }

    public string Name { get; private set; } = string.Empty;

    public Welcome? Welcome { get; private set; }

    /// <summary>Peers from the roster pages received at login (presence clients only).</summary>
    public List<Peer> InitialRoster { get; } = [];

    /// <param name="tls">TLS 1.3 first, as every Parley server speaks unless started insecure (any certificate is accepted).</param>
    public static async Task<RawClient> ConnectAsync(IPEndPoint endpoint, int? receiveBufferBytes = null, bool tls = true)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
            if (!tls)
            {
                return new RawClient(socket, null, [], null);
            }

            var (stream, binding, fingerprint) = await TestTls.ConnectAsync(new NetworkStream(socket, ownsSocket: false), timeout.Token);
            return new RawClient(socket, stream, binding, fingerprint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects, says hello and logs in; fails the test unless the login is accepted.</summary>
    public static async Task<RawClient> LoginAsync(IPEndPoint endpoint, string name, Identity identity, bool presence = false, bool tls = true)
    {
        var client = await ConnectAsync(endpoint, tls: tls);
        var accepted = await client.LoginAsync(name, identity, presence);
        Assert.NotNull(accepted);
        return client;
    }

    public Task SendBytesAsync(ReadOnlyMemory<byte> bytes) => _frames.SendBytesAsync(bytes);

    public Task SendPreambleAsync() => SendBytesAsync(ProtocolConstants.Preamble.ToArray());

    public Task SendAsync(ClientFrame frame) => SendBytesAsync(FrameCodec.ToFrameBytes(frame));

    public async Task<Welcome> HelloAsync(uint version = ProtocolConstants.Version, string clientSoftware = "raw-test-client")
    {
        await SendPreambleAsync();
        await SendAsync(new ClientFrame { Hello = new Hello { ProtocolVersion = version, ClientSoftware = clientSoftware } });
        var frame = await ReceiveAsync();
        Assert.Equal(ServerFrame.BodyOneofCase.Welcome, frame.BodyCase);
        Welcome = frame.Welcome;
        return frame.Welcome;
    }

    public Task SendLoginAsync(string name, Identity identity, bool presence, byte[]? signature = null, bool receiveQueued = false)
    {
        var spki = identity.PublicKey.Spki;
        signature ??= identity.Sign(LoginTranscript.Build(Welcome!.Challenge.Span, ChannelBinding, name, spki));
        return SendAsync(new ClientFrame
        {
            Login = new Login
            {
                Name = name,
                PublicKey = ByteString.CopyFrom(spki),
                Signature = ByteString.CopyFrom(signature),
                Presence = presence,
                ReceiveQueued = receiveQueued,
            },
        });
    }

    /// <summary>
    /// Hello, then login; returns LoginAccepted (and reads the roster pages when presence is on). With
    /// <paramref name="receiveQueued"/> the queued deliveries (LoginAccepted.queued_count) follow: read them next.
    /// </summary>
    public async Task<LoginAccepted> LoginAsync(string name, Identity identity, bool presence = false, bool receiveQueued = false)
    {
        await HelloAsync();
        await SendLoginAsync(name, identity, presence, receiveQueued: receiveQueued);
        var frame = await ReceiveAsync();
        Assert.True(
            frame.BodyCase == ServerFrame.BodyOneofCase.LoginAccepted,
            $"expected LoginAccepted for '{name}', got {frame}");
        Name = frame.LoginAccepted.Name;
        if (presence)
        {
            while (true)
            {
                var page = await ExpectAsync(ServerFrame.BodyOneofCase.RosterPage);
                InitialRoster.AddRange(page.RosterPage.Peers);
                if (page.RosterPage.Last)
                {
                    break;
                }
            }
        }

        return frame.LoginAccepted;
    }

    public async Task<ulong> SendMessageAsync(string to, ReadOnlyMemory<byte> sealedBytes)
    {
        var requestId = ++_nextRequestId;
        await SendAsync(new ClientFrame
        {
            Send = new SendMessage { RequestId = requestId, To = to, Sealed = ByteString.CopyFrom(sealedBytes.Span) },
        });
        return requestId;
    }

    /// <summary>The request id the next <see cref="SendMessageAsync"/> will use.</summary>
    public ulong NextRequestId => _nextRequestId + 1;

    /// <summary>Sends and waits for its answer (its SendResult, or a SendAcks covering it), skipping presence events.</summary>
    public async Task<SendAnswer> SendAndWaitAsync(string to, ReadOnlyMemory<byte> sealedBytes)
    {
        var requestId = await SendMessageAsync(to, sealedBytes);
        return await ReceiveSendAnswerAsync(requestId);
    }

    /// <summary>
    /// Reads until every send from <paramref name="firstId"/> to <paramref name="lastId"/> is answered: by its SendResult, or
    /// by a SendAcks covering it (which, by the protocol, comes after the SendResults of the sends it covers).
    /// Other frames are dropped. One answer per id, in id order.
    /// </summary>
    public async Task<IReadOnlyList<SendAnswer>> ReceiveSendAnswersAsync(ulong firstId, ulong lastId)
    {
        var answers = new SendAnswer?[lastId - firstId + 1];
        ulong acknowledgedUpTo = 0;
        while (acknowledgedUpTo < lastId)
        {
            var frame = await ReceiveAsync();
            if (frame.BodyCase == ServerFrame.BodyOneofCase.SendResult && frame.SendResult.RequestId is var id && id >= firstId && id <= lastId)
            {
                Assert.True(id > acknowledgedUpTo, $"'{Name}': a SendResult for {id} after a SendAcks up to {acknowledgedUpTo}");
                answers[id - firstId] = new SendAnswer(id, frame);
            }
            else if (frame.BodyCase == ServerFrame.BodyOneofCase.SendAcks)
            {
                for (var covered = Math.Max(firstId, acknowledgedUpTo + 1); covered <= Math.Min(frame.SendAcks.UpTo, lastId); covered++)
                {
                    answers[covered - firstId] ??= new SendAnswer(covered, frame);
                }

                acknowledgedUpTo = Math.Max(acknowledgedUpTo, frame.SendAcks.UpTo);
            }

            // Sends answered by SendResults only (none delivered) get no SendAcks at all.
            if (Array.TrueForAll(answers, a => a is not null))
            {
                break;
            }
        }

        return [.. answers.Select(a => a!)];
    }

    /// <summary>Reads until the answer to send <paramref name="requestId"/>; everything else (other sends' answers too) is dropped.</summary>
    public async Task<SendAnswer> ReceiveSendAnswerAsync(ulong requestId) =>
        new(requestId, await ReceiveUntilAsync(f => SendAnswer.Answers(f, requestId)));

    /// <summary>Reads the next frame; fails the test on timeout or when the server closed the connection.</summary>
    public async Task<ServerFrame> ReceiveAsync(TimeSpan? timeout = null) =>
        await TryReceiveAsync(timeout) ?? throw new Xunit.Sdk.XunitException($"'{Name}': the server closed the connection");

    /// <summary>Reads the next frame; null when the server closed the connection cleanly.</summary>
    public async Task<ServerFrame?> TryReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _frames.ReadBodyAsync(cts.Token) is { } body ? ServerFrame.Parser.ParseFrom(body) : null;
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"'{Name}': no frame from the server within {(timeout ?? DefaultTimeout).TotalSeconds} s");
        }
    }

    public async Task<ServerFrame> ExpectAsync(ServerFrame.BodyOneofCase kind)
    {
        var frame = await ReceiveAsync();
        Assert.True(frame.BodyCase == kind, $"'{Name}' expected {kind}, got {frame}");
        return frame;
    }

    /// <summary>Reads frames until one matches; the others are dropped.</summary>
    public async Task<ServerFrame> ReceiveUntilAsync(Func<ServerFrame, bool> match)
    {
        while (true)
        {
            var frame = await ReceiveAsync();
            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Asserts that the next Error is fatal with <paramref name="code"/> and that the server then closes.</summary>
    public async Task<Error> ExpectFatalErrorAndCloseAsync(ErrorCode code)
    {
        var frame = await ReceiveUntilAsync(f => f.BodyCase == ServerFrame.BodyOneofCase.Error);
        Assert.Equal(code, frame.Error.Code);
        Assert.True(frame.Error.Fatal, "a connection-level error must be fatal");
        Assert.False(string.IsNullOrWhiteSpace(frame.Error.Message), "an error needs a message a person can read");
        await ExpectClosedAsync();
        return frame.Error;
    }

    /// <summary>Asserts the server closes the connection with nothing more sent.</summary>
    public async Task ExpectClosedAsync()
    {
        ServerFrame? extra;
        try
        {
            extra = await TryReceiveAsync();
        }
        catch (IOException)
        {
            return;
        }

        Assert.Null(extra);
    }

    /// <summary>Asserts the server answers a ping with nothing queued before it (no stray deliveries).</summary>
    public async Task ExpectNothingPendingAsync()
    {
        var nonce = (ulong)Random.Shared.NextInt64();
        await SendAsync(new ClientFrame { Ping = new Ping { Nonce = nonce } });
        var frame = await ReceiveAsync();
        Assert.True(frame.BodyCase == ServerFrame.BodyOneofCase.Pong, $"'{Name}' expected only a Pong, got {frame}");
        Assert.Equal(nonce, frame.Pong.Nonce);
    }

    /// <summary>Protocol v3: deletes this name's queued deliveries with queue_seq &lt;= <paramref name="upTo"/>.</summary>
    public Task AckQueuedAsync(ulong upTo) => SendAsync(new ClientFrame { AckQueued = new AckQueued { UpTo = upTo } });

    public Task SayGoodbyeAsync() => SendAsync(new ClientFrame { Goodbye = new Goodbye() });

    /// <summary>Closes the socket with no goodbye, as a crashed client would.</summary>
    public void Crash() => _frames.Abort();

    /// <summary>Stops sending but keeps reading (TCP half-close).</summary>
    public void ShutdownSend() => _frames.Socket.Shutdown(SocketShutdown.Send);

    public ValueTask DisposeAsync() => _frames.DisposeAsync();
}
