namespace Parley.Bench.Idle;

/// <summary>A set of connections to one server that are open and doing nothing.</summary>
internal interface IIdleConnections : IAsyncDisposable
{
    int Count { get; }

    /// <summary>Opens <paramref name="count"/> more connections.</summary>
    Task OpenAsync(int count, CancellationToken ct);

    /// <summary>One round trip on every connection; returns how many answered.</summary>
    Task<int> CountLiveAsync(CancellationToken ct);
}
