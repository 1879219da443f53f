using System.Collections.Concurrent;
using NATS.Client.Core;

namespace Parley.Bench.Idle;

/// <summary>
/// NATS.Net connections, each with one subscription on a subject of its own: the nats-server
/// counterpart of a logged-in Parley connection that can be reached by name. Over TLS when the server has a
/// certificate (<paramref name="certificatePath"/>, which they trust), as Parley's connections are by default.
/// </summary>
internal sealed class NatsIdleConnections(string url, string? certificatePath, IdleSettings settings) : IIdleConnections
{
    private readonly ConcurrentBag<NatsConnection> _connections = [];
    private readonly ConcurrentBag<IAsyncDisposable> _subscriptions = [];
    private int _opened;

    public int Count => _connections.Count;

    public async Task OpenAsync(int count, CancellationToken ct)
    {
        var first = _opened;
        _opened += count;
        await Parallel.ForEachAsync(
            Enumerable.Range(first, count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var connection = new NatsConnection(new NatsOpts
                {
                    Url = url,
                    Name = $"idle-{i}",
                    TlsOpts = certificatePath is null
                        ? new NatsTlsOpts { Mode = TlsMode.Disable }
                        : new NatsTlsOpts { Mode = TlsMode.Require, CaFile = certificatePath },
                });
                _connections.Add(connection);
                await connection.ConnectAsync();
                _subscriptions.Add(await connection.SubscribeCoreAsync<byte[]>($"idle.{i}", cancellationToken: token));
            });
    }

    public async Task<int> CountLiveAsync(CancellationToken ct)
    {
        var live = 0;
        await Parallel.ForEachAsync(
            _connections,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
            async (connection, token) =>
            {
                await connection.PingAsync(token);
                Interlocked.Increment(ref live);
            });
        return live;
    }

    public async ValueTask DisposeAsync()
    {
        while (_subscriptions.TryTake(out var subscription))
        {
            await subscription.DisposeAsync();
        }

        while (_connections.TryTake(out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}
