using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests.Support;

/// <summary>
/// A relay on 127.0.0.1 that reads the protocol's frames in both directions and lets a test
/// rewrite them, as a hostile network or a hostile front for the server could. The server behind
/// it can be changed between connections: the same address, another registry. (Also compiled into
/// Parley.Cli.Tests, so it uses nothing else from this folder.)
/// </summary>
internal sealed class FrameProxy : IAsyncDisposable
{
    private const int MaxFrameBytes = 64 * 1024 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly List<TcpClient> _sockets = [];
    private readonly List<List<ClientFrame>> _forwarded = [];
    private readonly Task _accepting;
    private int _upstreamPort;

    public FrameProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    /// <summary>"127.0.0.1:port" of the proxy.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The server port that connections made from now on are relayed to.</summary>
    public int UpstreamPort
    {
        get => Volatile.Read(ref _upstreamPort);
        set => Volatile.Write(ref _upstreamPort, value);
    }

    /// <summary>Applied to each frame a client sends before it is forwarded; null forwards as is.</summary>
    public Func<ClientFrame, ClientFrame>? ToServer { get; set; }

    /// <summary>Applied to each frame the server sends before it is forwarded; null forwards as is.</summary>
    public Func<ServerFrame, ServerFrame>? ToClient { get; set; }

    /// <summary>A rewrite that turns every lookup of <paramref name="asked"/> into one of <paramref name="instead"/>.</summary>
    public static Func<ClientFrame, ClientFrame> RedirectLookups(string asked, string instead) => frame =>
    {
        if (frame.BodyCase != ClientFrame.BodyOneofCase.Lookup || !string.Equals(frame.Lookup.Name, asked, StringComparison.OrdinalIgnoreCase))
        {
            return frame;
        }

        var redirected = frame.Clone();
        redirected.Lookup.Name = instead;
        return redirected;
    };

    /// <summary>The frames each client connection sent, as forwarded, in order of connecting.</summary>
    public List<List<ClientFrame>> ForwardedFromClients()
    {
        lock (_lock)
        {
            return [.. _forwarded.Select(frames => frames.ToList())];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_lock)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] pumps;
        lock (_lock)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, UpstreamPort, _stop.Token);
            }
            catch (SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            var forwarded = new List<ClientFrame>();
            lock (_lock)
            {
                _forwarded.Add(forwarded);
                _sockets.Add(client);
                _sockets.Add(server);
                _pumps.Add(PumpClientAsync(client, server, forwarded));
                _pumps.Add(PumpServerAsync(server, client));
            }
        }
    }

    private async Task PumpClientAsync(TcpClient from, TcpClient to, List<ClientFrame> forwarded)
    {
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            var preamble = new byte[ProtocolConstants.Preamble.Length];
            await source.ReadExactlyAsync(preamble, _stop.Token);
            await target.WriteAsync(preamble, _stop.Token);
            while (await ReadFrameAsync(source) is { } body)
            {
                var frame = ClientFrame.Parser.ParseFrom(body);
                frame = ToServer?.Invoke(frame) ?? frame;
                lock (_lock)
                {
                    forwarded.Add(frame);
                }

                await target.WriteAsync(FrameCodec.ToFrameBytes(frame), _stop.Token);
            }

            to.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            from.Dispose();
            to.Dispose();
        }
    }

    private async Task PumpServerAsync(TcpClient from, TcpClient to)
    {
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (await ReadFrameAsync(source) is { } body)
            {
                var frame = ServerFrame.Parser.ParseFrom(body);
                frame = ToClient?.Invoke(frame) ?? frame;
                await target.WriteAsync(FrameCodec.ToFrameBytes(frame), _stop.Token);
            }

            to.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or EndOfStreamException)
        {
            from.Dispose();
            to.Dispose();
        }
    }

    /// <summary>One frame's body, or null at a clean end of the stream.</summary>
    private async Task<byte[]?> ReadFrameAsync(NetworkStream source)
    {
        var prefix = new byte[ProtocolConstants.LengthPrefixBytes];
        if (await source.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, _stop.Token) < prefix.Length)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length > MaxFrameBytes)
        {
            throw new IOException($"a frame of {length} bytes");
        }

        var body = new byte[length];
        await source.ReadExactlyAsync(body, _stop.Token);
        return body;
    }
}
