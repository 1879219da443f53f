namespace Parley.Client;

/// <summary>One video on the server, as listed by <see cref="ParleyClient.ListVideosAsync"/>.</summary>
/// <param name="State">Ready when at least one rendition is ready.</param>
/// <param name="Detail">"preparing 40%" or why it is unavailable; empty when ready.</param>
/// <param name="Percent">0..100 while preparing.</param>
/// <param name="Renditions">Ascending height.</param>
public sealed record VideoInfo(
    string Name,
    VideoAvailability State,
    string Detail,
    int Percent,
    TimeSpan Duration,
    IReadOnlyList<VideoRenditionInfo> Renditions);
