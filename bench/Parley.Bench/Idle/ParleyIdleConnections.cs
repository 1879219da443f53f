using System.Collections.Concurrent;
using System.Net;
using Parley.Bench.Wire;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Bench.Idle;

/// <summary>
/// Logged-in Parley connections, each under its own name, all names owned by one RSA identity
/// (a name belongs to the key that first registered it; one key may own many). Logins use
/// presence=false: with presence every login would be announced to every earlier connection,
/// 10,000² events, which measures the roster broadcast, not an idle connection.
/// </summary>
internal sealed class ParleyIdleConnections(IPEndPoint server, bool insecure, Identity identity, string namePrefix, IdleSettings settings) : IIdleConnections
{
    private const int BufferBytes = 4096;
    private readonly ConcurrentBag<ParleyWire> _wires = [];
    private int _opened;

    public int Count => _wires.Count;

    public async Task OpenAsync(int count, CancellationToken ct)
    {
        var first = _opened;
        _opened += count;
        await Parallel.ForEachAsync(
            Enumerable.Range(first, count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                var wire = await ParleyWire.ConnectAsync(server, LoopbackSocket.SourceAddress(i, settings.SourceAddresses), BufferBytes, token, insecure);
                try
                {
                    await wire.LoginAsync($"{namePrefix}{i}", identity, presence: false, token);
                }
                catch
                {
                    await wire.DisposeAsync();
                    throw;
                }

                _wires.Add(wire);
            });
    }

    public async Task<int> CountLiveAsync(CancellationToken ct)
    {
        var live = 0;
        await Parallel.ForEachAsync(
            _wires,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = ct },
            async (wire, token) =>
            {
                FrameCodec.WriteFrame(wire.Output, new ClientFrame { Ping = new Ping { Nonce = 1 } });
                await wire.Output.FlushAsync(token);
                if ((await wire.ReadFrameAsync(token)).BodyCase == ServerFrame.BodyOneofCase.Pong)
                {
                    Interlocked.Increment(ref live);
                }
            });
        return live;
    }

    public async ValueTask DisposeAsync()
    {
        while (_wires.TryTake(out var wire))
        {
            await wire.DisposeAsync();
        }
    }
}
