using System.Net;
using System.Net.Sockets;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Testing;

/// <summary>
/// A test double that speaks the real wire protocol by hand on 127.0.0.1, driven step by step by the
/// test, so the "server" can do what a real one never would: stall, vanish, send unknown frames.
/// </summary>
public sealed class FakeServer : IAsyncDisposable
{
    /// <summary>How long an accept or a read waits before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<FakeSession> _sessions = [];

    private readonly bool _tls;

    /// <param name="tls">TLS 1.3 with the test doubles' own certificate (<see cref="TestTls.OwnCertificate"/>), as clients expect by default.</param>
    public FakeServer(bool tls = true)
    {
        _tls = tls;
        _listener.Start();
        if (tls)
        {
            KnownTestServers.Register(Address, TestTls.OwnFingerprint);
        }
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The fingerprint of the key it presents; null when it speaks plain TCP.</summary>
    public string? Fingerprint => _tls ? TestTls.OwnFingerprint : null;

    /// <summary>Accepts one connection and runs the handshake; the client's login is accepted as is.</summary>
    public Task<FakeSession> AcceptLoginAsync(params Peer[] roster) => AcceptLoginAsync(null, roster);

    /// <summary>As <see cref="AcceptLoginAsync(Peer[])"/>, with the Welcome changed by <paramref name="alterWelcome"/>.</summary>
    public async Task<FakeSession> AcceptLoginAsync(Action<Welcome>? alterWelcome, params Peer[] roster)
    {
        var session = await AcceptHelloAsync(alterWelcome);
        var login = (await session.ReadAsync()).Login;
        Assert.NotNull(login);
        session.LoginName = login.Name;
        await session.SendAsync(WireFrames.LoginAccepted(login));
        if (login.Presence)
        {
            await session.SendAsync(WireFrames.RosterPage(roster));
        }

        return session;
    }

    /// <summary>Accepts one connection, reads the preamble and hello, and answers with a Welcome (changed by <paramref name="alter"/>).</summary>
    public async Task<FakeSession> AcceptHelloAsync(Action<Welcome>? alter = null)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var socket = await _listener.AcceptSocketAsync(timeout.Token);
        var stream = _tls ? await TestTls.AcceptAsync(new NetworkStream(socket, ownsSocket: false), TestTls.OwnCertificate, timeout.Token) : null;
        var session = new FakeSession(socket, stream);
        _sessions.Add(session);
        var preamble = await session.ReadExactlyAsync(ProtocolConstants.Preamble.Length);
        Assert.Equal(ProtocolConstants.Preamble.ToArray(), preamble);
        Assert.Equal(ClientFrame.BodyOneofCase.Hello, (await session.ReadAsync()).BodyCase);
        var welcome = WireFrames.Welcome("fake");
        alter?.Invoke(welcome);
        await session.SendAsync(new ServerFrame { Welcome = welcome });
        return session;
    }

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
public sealed class FakeSession(Socket socket, Stream? stream = null) : IAsyncDisposable
{
    private readonly FrameStream _frames = new(socket, stream);
    private readonly Dictionary<string, Identity> _bundleOwners = new(StringComparer.Ordinal);

    public string LoginName { get; set; } = string.Empty;

    public async Task<ClientFrame> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(FakeServer.Timeout);
        return await _frames.ReadBodyAsync(timeout.Token) is { } body
            ? ClientFrame.Parser.ParseFrom(body)
            : throw new EndOfStreamException("the client closed the connection");
    }

    /// <summary>
    /// Reads until a frame of that kind arrives; the others are dropped, except that a request for the bundle of a name
    /// given to <see cref="ServeBundlesOf"/> is answered.
    /// </summary>
    public async Task<ClientFrame> ReadUntilAsync(ClientFrame.BodyOneofCase kind)
    {
        while (true)
        {
            var frame = await ReadAsync();
            if (frame.BodyCase == kind)
            {
                return frame;
            }

            if (frame.BodyCase == ClientFrame.BodyOneofCase.FetchBundle && _bundleOwners.TryGetValue(frame.FetchBundle.Name, out var owner))
            {
                await SendBundleAsync(frame.FetchBundle, owner);
            }
        }
    }

    /// <summary>From now on, <see cref="ReadUntilAsync"/> answers each request for <paramref name="name"/>'s bundle with one of <paramref name="owner"/>'s.</summary>
    public void ServeBundlesOf(string name, Identity owner) => _bundleOwners[name] = owner;

    public Task SendAsync(ServerFrame frame) => _frames.SendAsync(frame);

    /// <summary>
    /// Reads until the client asks for a prekey bundle (its first message to a peer does) and answers with one of
    /// <paramref name="owner"/>'s, freshly made and signed as that identity's: a session can then be started with it.
    /// </summary>
    public async Task AnswerBundleAsync(string name, Identity owner)
    {
        var fetch = (await ReadUntilAsync(ClientFrame.BodyOneofCase.FetchBundle)).FetchBundle;
        Assert.Equal(name, fetch.Name);
        await SendBundleAsync(fetch, owner);
    }

    private Task SendBundleAsync(FetchBundle fetch, Identity owner) => SendAsync(PrekeyFrames.BundleFor(fetch, owner));

    public Task SendBytesAsync(byte[] bytes) => _frames.SendBytesAsync(bytes);

    /// <summary>Closes the connection with no error frame, as a crashed server would.</summary>
    public void Drop() => _frames.Abort();

    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        using var timeout = new CancellationTokenSource(FakeServer.Timeout);
        return await _frames.ReadExactlyAsync(count, timeout.Token);
    }

    public ValueTask DisposeAsync() => _frames.DisposeAsync();
}
