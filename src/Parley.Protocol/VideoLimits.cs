namespace Parley.Protocol;

/// <summary>Fixed limits of the video messages; docs/protocol.md §"Video" explains the flow control.</summary>
public static class VideoLimits
{
    /// <summary>Most bytes one SegmentChunk carries (FetchSegment.max_bytes is capped to it).</summary>
    public const int MaxChunkBytes = 64 * 1024;

    /// <summary>FetchSegment requests a connection may have outstanding; more get RATE_LIMITED.</summary>
    public const int MaxFetchesInFlight = 16;

    /// <summary>
    /// The most bytes a well-behaved client keeps requested but not yet received (4 requests of
    /// <see cref="MaxChunkBytes"/>); the server does not check it. Within it a client keeps about a
    /// quarter of a second of data at its read rate, at least 16 KiB (docs/protocol.md §10.3).
    /// </summary>
    public const int MaxWindowBytes = 256 * 1024;
}
