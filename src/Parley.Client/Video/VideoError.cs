namespace Parley.Client;

/// <summary>Why the server refused a video request.</summary>
public enum VideoError
{
    UnknownVideo,
    InvalidVideoName,
    VideoUnavailable,
    RenditionUnavailable,
    SegmentOutOfRange,
    UrlUnavailable,
    RateLimited,

    /// <summary>The server started a moment ago and has not finished scanning its videos; ask again shortly.</summary>
    ServerBusy,
    Other,
}
