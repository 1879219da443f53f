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
    Other,
}
