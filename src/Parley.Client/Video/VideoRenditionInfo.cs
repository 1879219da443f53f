namespace Parley.Client;

/// <summary>One rendition (one height) of a server video.</summary>
/// <param name="Codecs">RFC 6381 codecs, e.g. "avc1.64001F,mp4a.40.2".</param>
/// <param name="Detail">"preparing 40%" or why it is unavailable; empty when ready.</param>
public sealed record VideoRenditionInfo(
    int Height,
    int Width,
    long BitrateBps,
    double FrameRate,
    string Codecs,
    VideoAvailability State,
    string Detail);
