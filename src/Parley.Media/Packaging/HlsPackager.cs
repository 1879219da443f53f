using Parley.Media.Probing;
using Parley.Media.Tools;
using Parley.Media.Videos;

namespace Parley.Media.Packaging;

/// <summary>
/// Packages renditions into 2-second MPEG-TS HLS segments with ffmpeg. Each result is built in a
/// staging directory beside its target and moved into place only when complete, with its manifest.
/// </summary>
internal sealed class HlsPackager(string ffmpeg, string ffprobe)
{
    private static readonly string[] s_hlsOutput =
    [
        "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
    ];

    /// <summary>Packages a rendition file as it is (stream copy; audio re-encoded to AAC only when TS cannot carry it).</summary>
    /// <exception cref="ToolFailedException">ffmpeg failed.</exception>
    public async Task<PackagedRendition> PackageCopyAsync(
        SourceFile source, ProbeResult probe, string targetDirectory, Action<int> progress, CancellationToken ct)
    {
        var copyAudio = probe.AudioCodec is not null && CodecStrings.CanCopyAudio(probe.AudioCodec);
        string[] audio = probe.AudioCodec is null ? []
            : copyAudio ? ["-map", "0:a:0", "-c:a", "copy"]
            : ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128000"];
        var staging = StagingFor(targetDirectory);
        try
        {
            var arguments = Prefix(source).Concat(["-map", "0:v:0", "-c:v", "copy"]).Concat(audio).Concat(HlsOutput(staging));
            await RunFfmpegAsync(arguments, source, probe.Duration, progress, ct);
            var (audioCodec, audioProfile) = probe.AudioCodec is null ? (null, null)
                : copyAudio ? (probe.AudioCodec, probe.AudioProfile)
                : ("aac", "LC");
            var info = new RenditionInfo(
                probe.Height,
                probe.Width,
                probe.BitrateBps,
                probe.FrameRate,
                probe.VideoCodec,
                audioCodec,
                CodecStrings.For(probe.VideoCodec, probe.VideoProfile, probe.VideoLevel, audioCodec, audioProfile),
                VideoState.Ready,
                null);
            // Narrows, but does not close, the window in which a cancelled job's package lands just after
            // the scan that dropped its source pruned the cache; the next scan (30 s later at most) prunes such an orphan.
            ct.ThrowIfCancellationRequested();
            return Commit(staging, targetDirectory, RenditionManifest.CopyKind, source, probe.Duration, info);
        }
        finally
        {
            DeleteQuietly(staging);
        }
    }

    /// <summary>
    /// Transcodes one source into every height in <paramref name="heights"/> with a single ffmpeg
    /// (decoded once), each into <c>&lt;videoDirectory&gt;/&lt;height&gt;</c>.
    /// </summary>
    /// <exception cref="ToolFailedException">ffmpeg failed.</exception>
    public async Task<IReadOnlyList<PackagedRendition>> TranscodeLadderAsync(
        SourceFile source, ProbeResult probe, IReadOnlyList<int> heights, string videoDirectory, Action<int> progress, CancellationToken ct)
    {
        var targets = heights.Select(height => Path.Combine(videoDirectory, height.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var stagings = targets.Select(StagingFor).ToList();
        try
        {
            var arguments = new List<string>(Prefix(source));
            for (var i = 0; i < heights.Count; i++)
            {
                arguments.AddRange(RenditionLadder.EncodeArguments(heights[i], probe.AudioCodec is not null));
                arguments.AddRange(HlsOutput(stagings[i]));
            }

            await RunFfmpegAsync(arguments, source, probe.Duration, progress, ct);
            var results = new List<PackagedRendition>();
            for (var i = 0; i < heights.Count; i++)
            {
                var segments = HlsPlaylist.ReadSegments(stagings[i]);
                var encoded = await MediaProbe.ProbeAsync(ffprobe, Path.Combine(stagings[i], segments[0].FileName), ct);
                var seconds = segments.Sum(segment => segment.DurationSeconds);
                var info = new RenditionInfo(
                    heights[i],
                    encoded.Width,
                    seconds > 0 ? (long)(segments.Sum(segment => segment.Bytes) * 8 / seconds) : 0,
                    encoded.FrameRate,
                    encoded.VideoCodec,
                    encoded.AudioCodec,
                    CodecStrings.For(encoded.VideoCodec, encoded.VideoProfile, encoded.VideoLevel, encoded.AudioCodec, encoded.AudioProfile),
                    VideoState.Ready,
                    null);
                ct.ThrowIfCancellationRequested(); // narrows the race with pruning, as in PackageCopyAsync
                results.Add(Commit(stagings[i], targets[i], RenditionManifest.LadderKind, source, probe.Duration, info));
            }

            return results;
        }
        finally
        {
            stagings.ForEach(DeleteQuietly);
        }
    }

    private static string[] Prefix(SourceFile source) =>
        ["-hide_banner", "-nostdin", "-y", "-v", "error", .. FfmpegProgress.Arguments, "-i", source.FullPath];

    private static string[] HlsOutput(string directory) =>
        [.. s_hlsOutput, "-hls_segment_filename", Path.Combine(directory, "seg_%05d.ts"), Path.Combine(directory, HlsPlaylist.FileName)];

    private static string StagingFor(string targetDirectory)
    {
        var parent = Path.GetDirectoryName(targetDirectory)!;
        var staging = Path.Combine(parent, $".staging-{Path.GetFileName(targetDirectory)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    private static PackagedRendition Commit(
        string staging, string target, string kind, SourceFile source, TimeSpan duration, RenditionInfo info)
    {
        var segments = HlsPlaylist.ReadSegments(staging);
        new RenditionManifest(
            RenditionManifest.CurrentVersion,
            kind,
            source.FileName,
            source.Bytes,
            source.ModifiedUtcTicks,
            duration.TotalSeconds,
            info,
            segments).Write(staging);
        try
        {
            Directory.Delete(target, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing packaged before, or the cache cleaner just pruned an outdated package of this height.
        }

        Directory.Move(staging, target);
        return new PackagedRendition(info, Path.GetFullPath(target), segments);
    }

    private async Task RunFfmpegAsync(
        IEnumerable<string> arguments, SourceFile source, TimeSpan duration, Action<int> progress, CancellationToken ct)
    {
        var last = -1;
        var result = await ToolRunner.RunAsync("ffmpeg", ffmpeg, arguments, workingDirectory: null, line =>
        {
            if (FfmpegProgress.Percent(line, duration) is { } percent && percent != last)
            {
                last = percent;
                progress(percent);
            }
        }, ct);
        if (result.ExitCode != 0)
        {
            throw new ToolFailedException("ffmpeg failed: " + ToolRunner.ErrorSummary(result, "ffmpeg", source.FullPath));
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover staging directory is harmless; the next packaging uses a fresh one.
        }
    }
}
