using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Parley.Testing;

/// <summary>
/// A relay on 127.0.0.1 between clients and a server port: each accepted connection gets one of its
/// own to the server, and a subclass pumps the two directions. The server behind it can be changed
/// between connections (same address, another server). Everything is closed on dispose. Given a certificate,
/// it ends each client's TLS with it and opens TLS of its own to the server (accepting any certificate), so
/// the pumps see the frames; without one it relays the bytes as they are, TLS or not.
/// </summary>
public abstract class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private readonly X509Certificate2? _terminateWith;
    private int _upstreamPort;

    protected TcpRelay(int upstreamPort, X509Certificate2? terminateWith = null)
    {
        _upstreamPort = upstreamPort;
        _terminateWith = terminateWith;
        _listener.Start();
        if (terminateWith is not null)
        {
            KnownTestServers.Register(Address, Parley.Crypto.ServerFingerprint.Of(terminateWith));
        }

        _accepting = AcceptLoopAsync();
    }

    /// <summary>"127.0.0.1:port" of the relay.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The server port that connections made from now on are relayed to.</summary>
    public int UpstreamPort
    {
        get => Volatile.Read(ref _upstreamPort);
        set => Volatile.Write(ref _upstreamPort, value);
    }

    /// <summary>Cuts every connection relayed so far, both sides at once (the network dropped); new ones are still relayed.</summary>
    public void DropConnections()
    {
        lock (Gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            _sockets.Clear();
        }
    }

    /// <summary>Guards what subclasses record about the connections.</summary>
    protected Lock Gate { get; } = new();

    /// <summary>Cancelled when the relay is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public virtual async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (Gate)
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
        lock (Gate)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts pumping one new connection in both directions (called under <see cref="Gate"/>).</summary>
    protected abstract IEnumerable<Task> Relay(RelayedSide client, RelayedSide server);

    /// <summary>Runs one direction's pump; when the connection fails either way, both sides are closed.</summary>
    protected static async Task PumpOrCloseAsync(RelayedSide from, RelayedSide to, Func<Stream, Stream, Task> pump)
    {
        try
        {
            await pump(from.Stream, to.Stream);
            to.Socket.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException
            or System.Security.Authentication.AuthenticationException or InvalidOperationException)
        {
            from.Socket.Dispose();
            to.Socket.Dispose();
        }
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

            lock (Gate)
            {
                _sockets.Add(client);
                _sockets.Add(server);
                _pumps.Add(StartAsync(client, server));
            }
        }
    }

    private async Task StartAsync(TcpClient client, TcpClient server)
    {
        Stream toClient = client.GetStream();
        Stream toServer = server.GetStream();
        if (_terminateWith is not null)
        {
            try
            {
                toClient = await TestTls.AcceptAsync(toClient, _terminateWith, _stop.Token);
                toServer = (await TestTls.ConnectAsync(toServer, _stop.Token)).Tls;
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException
                or System.Security.Authentication.AuthenticationException)
            {
                client.Dispose();
                server.Dispose();
                return;
            }
        }

        Task[] pumps;
        lock (Gate)
        {
            pumps = [.. Relay(new RelayedSide(client, toClient), new RelayedSide(server, toServer))];
        }

        await Task.WhenAll(pumps);
    }
}

/// <summary>One side of a relayed connection: its socket, and the stream to read and write (the socket's, or TLS on it).</summary>
public sealed record RelayedSide(TcpClient Socket, Stream Stream);
