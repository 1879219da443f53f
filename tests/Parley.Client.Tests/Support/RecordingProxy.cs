using System.Net;
using System.Net.Sockets;

namespace Parley.Client.Tests.Support;

/// <summary>
/// A TCP relay between clients and a server on 127.0.0.1 that keeps a copy of every byte in
/// each direction, as a network eavesdropper would see them.
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly List<(MemoryStream ToServer, MemoryStream ToClient)> _recorded = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;

    public RecordingProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>What each client connection sent, in order of connecting.</summary>
    public List<byte[]> ClientToServer()
    {
        lock (_lock)
        {
            return [.. _recorded.Select(r => r.ToServer.ToArray())];
        }
    }

    /// <summary>What the server sent on each connection, in order of connecting.</summary>
    public List<byte[]> ServerToClient()
    {
        lock (_lock)
        {
            return [.. _recorded.Select(r => r.ToClient.ToArray())];
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

        await Task.WhenAll(_pumps).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
        foreach (var (toServer, toClient) in _recorded)
        {
            toServer.Dispose();
            toClient.Dispose();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient { NoDelay = true };
            await server.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
            lock (_lock)
            {
                var record = (ToServer: new MemoryStream(), ToClient: new MemoryStream());
                _recorded.Add(record);
                _sockets.Add(client);
                _sockets.Add(server);
                _pumps.Add(PumpAsync(client, server, record.ToServer));
                _pumps.Add(PumpAsync(server, client, record.ToClient));
            }
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, MemoryStream record)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var target = to.GetStream();
            while (true)
            {
                var n = await source.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    to.Client.Shutdown(SocketShutdown.Send);
                    return;
                }

                lock (_lock)
                {
                    record.Write(buffer, 0, n);
                }

                await target.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
