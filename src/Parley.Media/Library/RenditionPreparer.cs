using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Parley.Media.Cache;
using Parley.Media.Packaging;
using Parley.Media.Probing;
using Parley.Media.Tools;
using Parley.Media.Videos;

// CA1873: these log lines come once per video or rendition, and their joined heights and counted words read better
// than raw values; formatting them always costs nothing that matters.
#pragma warning disable CA1873

namespace Parley.Media.Library;

/// <summary>
/// Runs one <see cref="VideoJob"/>: probes and packages a rendition file, or transcodes the ladder
/// of a lone source, reusing what the cache already holds for the same source. Progress and
/// results go into the job's slot, and only while that slot is current.
/// </summary>
internal sealed class RenditionPreparer(
    VideoCatalog catalog, MediaCachePaths paths, HlsPackager packager, string ffprobe, ILogger logger)
{
    public Task RunAsync(VideoJob job) =>
        job.Height is { } height ? PrepareRenditionAsync(job, height) : PrepareLadderAsync(job);

    private async Task PrepareRenditionAsync(VideoJob job, int height)
    {
        var slot = job.Slot;
        var ct = slot.Token;
        ct.ThrowIfCancellationRequested();
        var source = slot.RenditionFiles[height];
        var target = paths.RenditionDirectory(slot.Name, height);
        if (RenditionManifest.TryRead(target) is { } cached && cached.Matches(source, RenditionManifest.CopyKind))
        {
            WarnIfMislabelled(source, height, cached.Info.Width, cached.Info.Height);
            if (!TryClaimHeight(slot, source, height, cached.Info.Width, cached.Info.Height, () => MarkReady(slot, height, cached, target)))
            {
                return;
            }

            logger.RenditionReadyFromCache(
                slot.Name, cached.Info.Height, Plural.Count(cached.Segments.Count, "segment", "segments"));
            return;
        }

        job.Settle();
        ProbeResult probe;
        try
        {
            probe = await MediaProbe.ProbeAsync(ffprobe, source.FullPath, ct);
            if (!CodecStrings.CanPackageVideo(probe.VideoCodec))
            {
                throw new ToolFailedException(
                    $"video codec '{probe.VideoCodec}' cannot go into HLS MPEG-TS segments; use H.264 or HEVC, or give only {slot.Name}.mp4 so the server transcodes it");
            }
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException)
        {
            MarkUnavailable(slot, [height], e.Message);
            return;
        }

        WarnIfMislabelled(source, height, probe.Width, probe.Height);
        var claimed = TryClaimHeight(slot, source, height, probe.Width, probe.Height, () =>
        {
            slot.Duration = Max(slot.Duration, probe.Duration);
            slot.Renditions[height].Info = new RenditionInfo(
                probe.Height, probe.Width, probe.BitrateBps, probe.FrameRate, probe.VideoCodec, probe.AudioCodec,
                CodecStrings.For(probe.VideoCodec, probe.VideoProfile, probe.VideoLevel, probe.AudioCodec, probe.AudioProfile),
                VideoState.Preparing, null);
        });
        if (!claimed)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        try
        {
            Directory.CreateDirectory(paths.VideoDirectory(slot.Name));
            var packaged = await packager.PackageCopyAsync(
                source, probe, target, percent => Progress(slot, [height], percent, log: false), ct);
            catalog.Update(slot, () =>
            {
                var rendition = slot.Renditions[height];
                rendition.Info = packaged.Info;
                rendition.Packaged = packaged;
            });
            logger.RenditionPackaged(
                slot.Name, packaged.Info.Height, Plural.Count(packaged.Segments.Count, "segment", "segments"), clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException or FormatException or IOException)
        {
            MarkUnavailable(slot, [height], e.Message);
        }
    }

    private async Task PrepareLadderAsync(VideoJob job)
    {
        var slot = job.Slot;
        var ct = slot.Token;
        var source = slot.LoneFile!;
        ProbeResult probe;
        try
        {
            probe = await MediaProbe.ProbeAsync(ffprobe, source.FullPath, ct);
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException)
        {
            catalog.Update(slot, () => slot.Problem = e.Message);
            logger.VideoUnavailable(slot.Name, e.Message);
            return;
        }

        var heights = RenditionLadder.For(probe.Height);
        var pending = new List<int>();
        catalog.Update(slot, () =>
        {
            slot.Duration = probe.Duration;
            foreach (var height in heights)
            {
                var target = paths.RenditionDirectory(slot.Name, height);
                if (RenditionManifest.TryRead(target) is { } cached && cached.Matches(source, RenditionManifest.LadderKind))
                {
                    slot.Renditions[height] = RenditionSlot.Placeholder(height, VideoState.Ready, null);
                    MarkReady(slot, height, cached, target);
                }
                else
                {
                    slot.Renditions[height] = RenditionSlot.Placeholder(height, VideoState.Preparing, null);
                    pending.Add(height);
                }
            }
        });
        job.Settle();
        ct.ThrowIfCancellationRequested();
        if (pending.Count == 0)
        {
            logger.LadderReadyFromCache(slot.Name, string.Join("/", heights));
            return;
        }

        logger.TranscodingStarted(
            slot.Name, string.Join("/", pending), source.FileName, probe.Width, probe.Height, probe.Duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        try
        {
            Directory.CreateDirectory(paths.VideoDirectory(slot.Name));
            var packaged = await packager.TranscodeLadderAsync(
                source, probe, pending, paths.VideoDirectory(slot.Name), percent => Progress(slot, pending, percent, log: true), ct);
            catalog.Update(slot, () =>
            {
                foreach (var rendition in packaged)
                {
                    var target = slot.Renditions[rendition.Info.Height];
                    target.Info = rendition.Info;
                    target.Packaged = rendition;
                }
            });
            logger.LadderTranscoded(
                slot.Name, string.Join("/", pending), clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException or FormatException or IOException)
        {
            MarkUnavailable(slot, pending, e.Message);
        }
    }

    /// <param name="log">Whether to log each 10% step; stream copies finish too fast for it to help.</param>
    private void Progress(VideoSlot slot, IReadOnlyList<int> heights, int percent, bool log)
    {
        var previous = 0;
        catalog.Update(slot, () =>
        {
            foreach (var height in heights)
            {
                previous = slot.Renditions[height].Percent;
                slot.Renditions[height].Percent = percent;
            }
        });
        if (log && ProgressSteps.IsNextTenth(previous, percent))
        {
            logger.PreparingProgress(slot.Name, string.Join("/", heights), percent);
        }
    }

    private void MarkUnavailable(VideoSlot slot, IReadOnlyList<int> heights, string reason)
    {
        catalog.Update(slot, () =>
        {
            foreach (var height in heights)
            {
                var rendition = slot.Renditions[height];
                rendition.Info = rendition.Info with { State = VideoState.Unavailable, Detail = reason };
                rendition.Packaged = null;
            }
        });
        logger.RenditionsUnavailable(slot.Name, string.Join("/", heights), reason);
    }

    /// <summary>Logged on every start, cached or not, for as long as the file keeps its misleading name.</summary>
    private void WarnIfMislabelled(SourceFile source, int namedHeight, int width, int height)
    {
        if (height != namedHeight)
        {
            logger.Mislabelled(
                source.FileName, namedHeight, width, height);
        }
    }

    /// <summary>
    /// Runs <paramref name="claim"/> under the catalog lock when no other rendition of the video already
    /// is <paramref name="height"/> pixels high; otherwise marks <paramref name="namedHeight"/>'s file a duplicate.
    /// </summary>
    /// <returns>False when the file was a duplicate.</returns>
    private bool TryClaimHeight(VideoSlot slot, SourceFile source, int namedHeight, int width, int height, Action claim)
    {
        string? owner = null;
        catalog.Update(slot, () =>
        {
            owner = HeightTakenBy(slot, namedHeight, height);
            if (owner is null)
            {
                claim();
            }
        });
        if (owner is null)
        {
            return true;
        }

        MarkUnavailable(slot, [namedHeight], $"'{source.FileName}' is {width}x{height}, the same height as '{owner}'");
        return false;
    }

    /// <summary>
    /// The file of another rendition of this video that is named, or was probed, <paramref name="height"/>
    /// pixels high, when <paramref name="namedHeight"/>'s file really is that height; null when it is free.
    /// A correctly named file always keeps its height, so only a mislabelled one can be turned away.
    /// </summary>
    private static string? HeightTakenBy(VideoSlot slot, int namedHeight, int height) =>
        height == namedHeight
            ? null
            : slot.Renditions
                .Where(pair => pair.Key != namedHeight && pair.Value.Info.Height == height && pair.Value.Info.State != VideoState.Unavailable)
                .Select(pair => slot.RenditionFiles.TryGetValue(pair.Key, out var file) ? file.FileName : $"{pair.Key}p")
                .FirstOrDefault();

    private static void MarkReady(VideoSlot slot, int height, RenditionManifest manifest, string directory)
    {
        var rendition = slot.Renditions[height];
        rendition.Info = manifest.Info with { State = VideoState.Ready, Detail = null };
        rendition.Packaged = new PackagedRendition(rendition.Info, directory, manifest.Segments);
        slot.Duration = Max(slot.Duration, TimeSpan.FromSeconds(manifest.DurationSeconds));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
