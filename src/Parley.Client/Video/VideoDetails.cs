namespace Parley.Client;

/// <summary>A video and the segment lists of its ready renditions (ascending height).</summary>
public sealed record VideoDetails(VideoInfo Video, IReadOnlyList<RenditionSegments> Renditions);
