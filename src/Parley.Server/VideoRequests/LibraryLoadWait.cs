namespace Parley.Server.VideoRequests;

/// <summary>
/// How long a video request waits for the library's first load after the server starts (docs/protocol.md §10):
/// right after a restart a name the library has not scanned yet is not unknown, so the request is held until
/// the library knows what it holds, and answered SERVER_BUSY (ask again) if that takes longer than
/// <see cref="Limit"/>. A service of its own so tests can shorten it.
/// </summary>
internal sealed record LibraryLoadWait(TimeSpan Limit)
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Listings, descriptions and URL requests one connection may have waiting; more are answered at once
    /// (fetches are bounded by <see cref="Parley.Protocol.VideoLimits.MaxFetchesInFlight"/> already).
    /// </summary>
    public const int MaxWaitingPerConnection = 16;
}
