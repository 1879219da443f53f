using System.Collections.Frozen;
using Parley.Media.Videos;

namespace Parley.Media.Library;

/// <summary>An immutable view of the library, rebuilt on every change so readers never take the lock.</summary>
internal sealed class LibrarySnapshot(
    IReadOnlyList<VideoEntry> entries,
    FrozenDictionary<string, VideoEntry> byName,
    FrozenDictionary<(string Name, int Height), PackagedRendition> packaged)
{
    public static readonly LibrarySnapshot Empty = new(
        [],
        FrozenDictionary<string, VideoEntry>.Empty,
        FrozenDictionary<(string Name, int Height), PackagedRendition>.Empty);

    public IReadOnlyList<VideoEntry> Entries { get; } = entries;

    public FrozenDictionary<string, VideoEntry> ByName { get; } = byName;

    public FrozenDictionary<(string Name, int Height), PackagedRendition> Packaged { get; } = packaged;

    public static LibrarySnapshot Of(IEnumerable<VideoSlot> slots)
    {
        var entries = slots.OrderBy(slot => slot.Name, StringComparer.Ordinal).Select(EntryOf).ToList();
        var packaged = slots
            .SelectMany(slot => slot.Renditions.Values
                .Where(rendition => rendition.Packaged is not null && rendition.Info.State == VideoState.Ready)
                .Select(rendition => KeyValuePair.Create((slot.Name, rendition.Info.Height), rendition.Packaged!)))
            .DistinctBy(pair => pair.Key) // the preparer never readies two files of one height; this only keeps a slip from throwing
            .ToFrozenDictionary();
        return new LibrarySnapshot(entries, entries.ToFrozenDictionary(entry => entry.Name, StringComparer.Ordinal), packaged);
    }

    private static VideoEntry EntryOf(VideoSlot slot)
    {
        // Slots are keyed by the file name's height; the listing goes by the real one (then bitrate).
        var renditions = slot.Renditions.Values.Select(rendition => rendition.Info.State == VideoState.Preparing
                ? rendition.Info with { Detail = Preparing(rendition.Percent) }
                : rendition.Info)
            .OrderBy(info => info.Height)
            .ThenBy(info => info.BitrateBps)
            .ToList();
        if (slot.Problem is not null)
        {
            return new VideoEntry(slot.Name, VideoState.Unavailable, slot.Problem, null, slot.Duration, renditions);
        }

        if (renditions.Any(rendition => rendition.State == VideoState.Ready))
        {
            return new VideoEntry(slot.Name, VideoState.Ready, null, null, slot.Duration, renditions);
        }

        var live = slot.Renditions.Values.Where(rendition => rendition.Info.State != VideoState.Unavailable).ToList();
        if (live.Count > 0 || slot.Renditions.Count == 0)
        {
            var percent = live.Count > 0 ? (int)live.Average(rendition => rendition.Percent) : slot.Percent;
            return new VideoEntry(slot.Name, VideoState.Preparing, Preparing(percent), percent, slot.Duration, renditions);
        }

        var reasons = renditions.Select(rendition => rendition.Detail).Distinct().ToList();
        var detail = reasons.Count == 1
            ? reasons[0]
            : string.Join("; ", renditions.Select(rendition => $"{rendition.Height}: {rendition.Detail}"));
        return new VideoEntry(slot.Name, VideoState.Unavailable, detail, null, slot.Duration, renditions);
    }

    private static string Preparing(int percent) => $"preparing {percent}%";
}
