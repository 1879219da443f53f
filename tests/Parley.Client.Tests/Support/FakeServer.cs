using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests.Support;

/// <summary>
/// A test double that speaks the real wire protocol by hand on 127.0.0.1, so a test can make the
/// "server" do what a real one never would: stall, vanish, send unknown frames.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<FakeSession> _sessions = [];

    public FakeServer()
    {
        _listener.Start();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Accepts one connection and runs the handshake; the client's login is accepted as is.</summary>
    public Task<FakeSession> AcceptLoginAsync(params Peer[] roster) => AcceptLoginAsync(null, roster);

    /// <summary>As <see cref="AcceptLoginAsync(Peer[])"/>, with the Welcome changed by <paramref name="alterWelcome"/>.</summary>
    public async Task<FakeSession> AcceptLoginAsync(Action<Welcome>? alterWelcome, params Peer[] roster)
    {
        var session = await AcceptHelloAsync(alterWelcome);
        var login = (await session.ReadAsync()).Login;
        Assert.NotNull(login);
        session.LoginName = login.Name;
        await session.SendAsync(new ServerFrame
        {
            LoginAccepted = new LoginAccepted { Name = login.Name, Fingerprint = KeyFingerprint.Format(login.PublicKey.Span), OnlineCount = 1 },
        });
        if (login.Presence)
        {
            var page = new RosterPage { Last = true };
            page.Peers.AddRange(roster);
            await session.SendAsync(new ServerFrame { RosterPage = page });
        }

        return session;
    }

    /// <summary>Accepts one connection, reads the preamble and hello, and answers with a Welcome (changed by <paramref name="alter"/>).</summary>
    public async Task<FakeSession> AcceptHelloAsync(Action<Welcome>? alter = null)
    {
        using var timeout = new CancellationTokenSource(EventReading.Timeout);
        var socket = await _listener.AcceptSocketAsync(timeout.Token);
        var session = new FakeSession(socket);
        _sessions.Add(session);
        var preamble = await session.ReadExactlyAsync(ProtocolConstants.Preamble.Length);
        Assert.Equal(ProtocolConstants.Preamble.ToArray(), preamble);
        Assert.Equal(ClientFrame.BodyOneofCase.Hello, (await session.ReadAsync()).BodyCase);
        var welcome = new Welcome
        {
            ProtocolVersion = ProtocolConstants.Version,
            ServerSoftware = "fake",
            Challenge = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(ProtocolConstants.ChallengeBytes)),
            MaxFrameBytes = ProtocolConstants.DefaultMaxFrameBytes,
            LoginTimeoutMs = 10_000,
        };
        alter?.Invoke(welcome);
        await session.SendAsync(new ServerFrame { Welcome = welcome });
        return session;
    }

    public static Peer PeerOf(string name, Identity key) =>
        new() { Name = name, PublicKey = ByteString.CopyFrom(key.PublicKey.Spki), Fingerprint = key.Fingerprint, Online = true };

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        foreach (var session in _sessions)
        {
            await session.DisposeAsync();
        }
    }
}

/// <summary>The fake server's side of one connection.</summary>
internal sealed class FakeSession(Socket socket) : IAsyncDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);

    public string LoginName { get; set; } = string.Empty;

    public async Task<ClientFrame> ReadAsync()
    {
        var prefix = await ReadExactlyAsync(ProtocolConstants.LengthPrefixBytes);
        var body = await ReadExactlyAsync((int)BinaryPrimitives.ReadUInt32BigEndian(prefix));
        return ClientFrame.Parser.ParseFrom(body);
    }

    /// <summary>Reads until a frame of that kind arrives; the others are dropped.</summary>
    public async Task<ClientFrame> ReadUntilAsync(ClientFrame.BodyOneofCase kind)
    {
        while (true)
        {
            var frame = await ReadAsync();
            if (frame.BodyCase == kind)
            {
                return frame;
            }
        }
    }

    public Task SendAsync(ServerFrame frame) => SendBytesAsync(FrameCodec.ToFrameBytes(frame));

    public async Task SendBytesAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Closes the connection with no error frame, as a crashed server would.</summary>
    public void Drop()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(EventReading.Timeout);
        await _stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
