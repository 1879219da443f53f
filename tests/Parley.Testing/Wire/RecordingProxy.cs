using System.Security.Cryptography.X509Certificates;

namespace Parley.Testing;

/// <summary>
/// A TCP relay between clients and a server on 127.0.0.1 that keeps a copy of every byte in
/// each direction: as a network eavesdropper would see them, or, given the server's certificate, as the
/// server itself sees them (TLS ended and opened again).
/// </summary>
public sealed class RecordingProxy(int upstreamPort, X509Certificate2? terminateWith = null) : TcpRelay(upstreamPort, terminateWith)
{
    private readonly List<(MemoryStream ToServer, MemoryStream ToClient)> _recorded = [];

    /// <summary>What each client connection sent, in order of connecting.</summary>
    public List<byte[]> ClientToServer()
    {
        lock (Gate)
        {
            return [.. _recorded.Select(r => r.ToServer.ToArray())];
        }
    }

    /// <summary>What the server sent on each connection, in order of connecting.</summary>
    public List<byte[]> ServerToClient()
    {
        lock (Gate)
        {
            return [.. _recorded.Select(r => r.ToClient.ToArray())];
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var (toServer, toClient) in _recorded)
        {
            toServer.Dispose();
            toClient.Dispose();
        }
    }

    protected override IEnumerable<Task> Relay(RelayedSide client, RelayedSide server)
    {
        var record = (ToServer: new MemoryStream(), ToClient: new MemoryStream());
        _recorded.Add(record);
        return [PumpOrCloseAsync(client, server, (from, to) => CopyAsync(from, to, record.ToServer)),
            PumpOrCloseAsync(server, client, (from, to) => CopyAsync(from, to, record.ToClient))];
    }

    private async Task CopyAsync(Stream source, Stream target, MemoryStream record)
    {
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await source.ReadAsync(buffer, Stopping)) > 0)
        {
            lock (Gate)
            {
                record.Write(buffer, 0, n);
            }

            await target.WriteAsync(buffer.AsMemory(0, n), Stopping);
        }
    }
}
