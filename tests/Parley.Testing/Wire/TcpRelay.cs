using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>
/// A relay on 127.0.0.1 between clients and a server port: each accepted connection gets one of its
/// own to the server, and a subclass pumps the two directions. The server behind it can be changed
/// between connections (same address, another server). Everything is closed on dispose.
/// </summary>
public abstract class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private int _upstreamPort;

    protected TcpRelay(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
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
    protected abstract IEnumerable<Task> Relay(TcpClient client, TcpClient server);

    /// <summary>Runs one direction's pump; when the connection fails either way, both sides are closed.</summary>
    protected static async Task PumpOrCloseAsync(TcpClient from, TcpClient to, Func<NetworkStream, NetworkStream, Task> pump)
    {
        try
        {
            await pump(from.GetStream(), to.GetStream());
            to.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            from.Dispose();
            to.Dispose();
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
                _pumps.AddRange(Relay(client, server));
            }
        }
    }
}
