namespace Parley.Media.Videos;

/// <summary>
/// The files one video is made from: its NAME_&lt;height&gt;.mp4 renditions by height or, when it has
/// none, the lone NAME.mp4 the server makes the renditions from.
/// </summary>
internal sealed record VideoSources(string Name, IReadOnlyDictionary<int, SourceFile> Renditions, SourceFile? Lone)
{
    /// <summary>Every file, renditions ascending by height.</summary>
    public IEnumerable<SourceFile> Files => Lone is null ? Renditions.OrderBy(pair => pair.Key).Select(pair => pair.Value) : [Lone];
}
