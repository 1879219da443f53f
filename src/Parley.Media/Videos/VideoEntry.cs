namespace Parley.Media.Videos;

/// <summary>One video: the renditions that share a name in the videos folder.</summary>
/// <param name="Name">The NAME in NAME_&lt;height&gt;.mp4 or NAME.mp4; valid per <see cref="VideoNames.IsValid"/>.</param>
/// <param name="State">
/// Ready when at least one rendition is ready (others may still be preparing); Preparing while none is ready
/// but work is pending; Unavailable when no rendition can ever be ready.
/// </param>
/// <param name="Detail">"preparing 40%" while preparing, the reason when unavailable, otherwise null.</param>
/// <param name="PreparingPercent">0..100 while preparing (overall progress of the pending work), otherwise null.</param>
/// <param name="Duration">From the probe of the longest rendition; zero until probed.</param>
/// <param name="Renditions">Sorted by height (the probed one once probed), then bitrate, ascending.</param>
public sealed record VideoEntry(
    string Name,
    VideoState State,
    string? Detail,
    int? PreparingPercent,
    TimeSpan Duration,
    IReadOnlyList<RenditionInfo> Renditions);
