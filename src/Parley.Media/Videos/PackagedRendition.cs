namespace Parley.Media.Videos;

/// <summary>A rendition packaged as HLS: an index.m3u8 (VOD) and its MPEG-TS segments in one directory.</summary>
/// <param name="Info">What was probed.</param>
/// <param name="Directory">Absolute path holding index.m3u8, seg_00000.ts, seg_00001.ts ... and manifest.json.</param>
/// <param name="Segments">In playback order, as listed in index.m3u8.</param>
public sealed record PackagedRendition(RenditionInfo Info, string Directory, IReadOnlyList<SegmentInfo> Segments);
