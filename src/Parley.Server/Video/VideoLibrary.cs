using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Video;

/// <summary>
/// The library: scans the videos folder (on start, on folder changes after a 1 s debounce, and every
/// 30 s as a fallback), probes each file, and packages each rendition once into the media cache.
/// At most <see cref="MaxConcurrentJobs"/> ffmpeg processes run at a time; stopping kills them.
/// </summary>
internal sealed class VideoLibrary : IVideoLibrary, IHostedService, IDisposable
{
    private const int MaxConcurrentJobs = 2;
    private static readonly TimeSpan s_debounce = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_rescanInterval = TimeSpan.FromSeconds(30);

    private readonly ParleyServerOptions _options;
    private readonly ILogger<VideoLibrary> _logger;
    private readonly string _videosDirectory;
    private readonly string _mediaDirectory;
    private readonly HlsPackager _packager;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, VideoSlot> _videos = new(StringComparer.Ordinal);
    private readonly Channel<VideoJob> _jobs = Channel.CreateUnbounded<VideoJob>();
    private readonly SemaphoreSlim _scanSignal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Timer _debounce;
    private readonly HashSet<string> _reportedIgnored = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private Task[] _loops = [];
    private LibrarySnapshot _snapshot = LibrarySnapshot.Empty;
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _busy = 1; // the initial scan
    private bool _scanRequested = true;
    private bool _debounceArmed;
    private bool _toolsChecked;
    private string? _toolProblem;
    private bool _sampleConsidered;
    private int _disposed;
    private string? _lastSummary;

    public VideoLibrary(ParleyServerOptions options, ILogger<VideoLibrary> logger)
    {
        _options = options;
        _logger = logger;
        _videosDirectory = Path.GetFullPath(options.VideosDirectory);
        _mediaDirectory = Path.GetFullPath(options.MediaCacheDirectory);
        _packager = new HlsPackager(options.FfmpegPath, options.FfprobePath);
        _debounce = new Timer(_ => OnDebounceElapsed());
    }

    public event Action? Changed;

    /// <summary>Length of the generated sample video; shorter in tests.</summary>
    internal TimeSpan SampleDuration { get; init; } = TimeSpan.FromSeconds(12);

    public IReadOnlyList<VideoEntry> List() => Volatile.Read(ref _snapshot).Entries;

    public bool TryGetVideo(string name, [NotNullWhen(true)] out VideoEntry? video)
    {
        video = null;
        return VideoNames.IsValid(name) && Volatile.Read(ref _snapshot).ByName.TryGetValue(name, out video);
    }

    public bool TryGetRendition(string name, int height, [NotNullWhen(true)] out PackagedRendition? rendition)
    {
        rendition = null;
        return VideoNames.IsValid(name) && Volatile.Read(ref _snapshot).Packaged.TryGetValue((name, height), out rendition);
    }

    public Task WhenIdle(CancellationToken ct)
    {
        lock (_gate)
        {
            return _busy == 0 ? Task.CompletedTask : _idle.Task.WaitAsync(ct);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_videosDirectory);
            Directory.CreateDirectory(_mediaDirectory);
            DeleteLeftoverStaging();
            _watcher = new FileSystemWatcher(_videosDirectory)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            _watcher.Created += (_, _) => OnFolderChanged();
            _watcher.Changed += (_, _) => OnFolderChanged();
            _watcher.Deleted += (_, _) => OnFolderChanged();
            _watcher.Renamed += (_, _) => OnFolderChanged();
            _watcher.Error += (_, e) =>
            {
                _logger.LogWarning(e.GetException(), "watching {Directory} failed; rescanning", _videosDirectory);
                OnFolderChanged();
            };
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Without a watcher the periodic rescan still notices changes.
            _logger.LogWarning("cannot watch the videos folder {Directory}: {Reason}", _videosDirectory, e.Message);
        }

        var token = _stopping.Token;
        _loops =
        [
            Task.Run(() => ScanLoopAsync(token), CancellationToken.None),
            .. Enumerable.Range(0, MaxConcurrentJobs).Select(_ => Task.Run(() => WorkLoopAsync(token), CancellationToken.None)),
        ];
        _scanSignal.Release();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        await _stopping.CancelAsync();
        _jobs.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown timed out; the loops end on their own once their child processes are killed.
        }

        lock (_gate)
        {
            _idle.TrySetResult();
        }
    }

    public void Dispose()
    {
        // The container may hand this instance out under several registrations and dispose each.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _watcher?.Dispose();
        _debounce.Dispose();
        _scanSignal.Dispose();
        _stopping.Dispose();
    }

    private void Enter()
    {
        lock (_gate)
        {
            EnterLocked(1);
        }
    }

    private void EnterLocked(int count)
    {
        if (count > 0 && _busy == 0)
        {
            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _busy += count;
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_busy == 0)
            {
                _idle.TrySetResult();
                LogSummaryIfChanged();
            }
        }
    }

    private void LogSummaryIfChanged()
    {
        var entries = Volatile.Read(ref _snapshot).Entries;
        var summary = string.Join(", ", entries.Select(entry => $"{entry.Name} ({entry.State.ToString().ToLowerInvariant()})"));
        if (summary == _lastSummary || _stopping.IsCancellationRequested)
        {
            return;
        }

        _lastSummary = summary;
        _logger.LogInformation(
            "video library: {Ready} of {Count} videos ready in {Directory}{Separator}{Summary}",
            entries.Count(entry => entry.State == VideoState.Ready), entries.Count, _videosDirectory, entries.Count > 0 ? ": " : "", summary);
    }

    /// <summary>Staging directories survive only a crash; their packaging never finished.</summary>
    private void DeleteLeftoverStaging()
    {
        List<string> leftovers;
        try
        {
            leftovers = Directory.EnumerateDirectories(_mediaDirectory).Prepend(_mediaDirectory)
                .SelectMany(root => Directory.EnumerateDirectories(root, ".staging-*"))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("cannot look for leftovers in {Directory}: {Reason}", _mediaDirectory, e.Message);
            return;
        }

        foreach (var staging in leftovers)
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("cannot delete leftover {Directory}: {Reason}", staging, e.Message);
            }
        }
    }

    private void OnFolderChanged()
    {
        lock (_gate)
        {
            if (!_debounceArmed)
            {
                _debounceArmed = true;
                Enter();
            }
        }

        _debounce.Change(s_debounce, Timeout.InfiniteTimeSpan);
    }

    private void OnDebounceElapsed()
    {
        lock (_gate)
        {
            if (!_debounceArmed)
            {
                return;
            }

            _debounceArmed = false;
        }

        RequestScan();
        Exit();
    }

    private void RequestScan()
    {
        lock (_gate)
        {
            if (_scanRequested || _stopping.IsCancellationRequested)
            {
                return;
            }

            _scanRequested = true;
            EnterLocked(1);
        }

        _scanSignal.Release();
    }

    private async Task ScanLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await _scanSignal.WaitAsync(s_rescanInterval, ct))
                {
                    RequestScan();
                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_gate)
            {
                _scanRequested = false;
            }

            try
            {
                await ScanAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "scanning the videos folder {Directory} failed", _videosDirectory);
            }
            finally
            {
                Exit();
            }
        }
    }

    private async Task ScanAsync(CancellationToken ct)
    {
        if (!_toolsChecked || _toolProblem is not null)
        {
            await CheckToolsAsync(ct);
        }

        var files = ListFolder();
        if (!_sampleConsidered && _toolProblem is null && _options.GenerateSampleVideos && !FolderHasAnyMp4())
        {
            _sampleConsidered = true;
            await GenerateSampleAsync(ct);
            files = ListFolder();
        }

        _sampleConsidered = true;
        Reconcile(files);
    }

    /// <summary>Any .mp4 at all, even one ignored for its name: then the folder is the user's, not empty.</summary>
    private bool FolderHasAnyMp4()
    {
        try
        {
            return Directory.EnumerateFiles(
                _videosDirectory, "*.mp4", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }).Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private async Task CheckToolsAsync(CancellationToken ct)
    {
        var before = _toolProblem;
        _toolProblem = null;
        foreach (var (tool, path) in new[] { ("ffmpeg", _options.FfmpegPath), ("ffprobe", _options.FfprobePath) })
        {
            try
            {
                var result = await ToolRunner.RunAsync(tool, path, ["-version"], null, null, ct);
                if (result.ExitCode != 0)
                {
                    _toolProblem = $"{tool} does not work ('{path} -version' exited with code {result.ExitCode})";
                    break;
                }
            }
            catch (ToolNotFoundException e)
            {
                _toolProblem = e.Message;
                break;
            }
        }

        _toolsChecked = true;
        if (_toolProblem is not null && _toolProblem != before)
        {
            _logger.LogWarning("videos are unavailable: {Problem}", _toolProblem);
        }
        else if (_toolProblem is null && before is not null)
        {
            _logger.LogInformation("ffmpeg and ffprobe found; preparing videos");
        }
    }

    private List<(string Name, int? Height, SourceFile File)> ListFolder()
    {
        var found = new List<(string, int?, SourceFile)>();
        IEnumerable<FileInfo> files;
        try
        {
            files = new DirectoryInfo(_videosDirectory).EnumerateFiles("*", SearchOption.TopDirectoryOnly).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("cannot list the videos folder {Directory}: {Reason}", _videosDirectory, e.Message);
            return found;
        }

        foreach (var file in files)
        {
            if (VideoFileName.TryParse(file.Name, out var name, out var height))
            {
                found.Add((name, height, SourceFile.Of(file)));
            }
            else if (file.Name.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) && !file.Name.StartsWith('.') && _reportedIgnored.Add(file.Name))
            {
                _logger.LogWarning(
                    "ignoring '{File}': a video name is 1-100 of A-Z a-z 0-9 . _ - (no leading '.', no '..')", file.Name);
            }
        }

        return found;
    }

    private void Reconcile(List<(string Name, int? Height, SourceFile File)> files)
    {
        var jobs = new List<VideoJob>();
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in files.GroupBy(file => file.Name, StringComparer.Ordinal))
            {
                seen.Add(group.Key);
                var renditions = group.Where(file => file.Height is not null).ToDictionary(file => file.Height!.Value, file => file.File);
                var lone = renditions.Count == 0 ? group.First().File : null;
                if (renditions.Count > 0 && group.Any(file => file.Height is null) && _reportedIgnored.Add(group.Key + ".mp4"))
                {
                    _logger.LogWarning("ignoring '{Name}.mp4': renditions named {Name}_<height>.mp4 exist", group.Key, group.Key);
                }

                var signature = string.Join(
                    '|',
                    (lone is null ? renditions.OrderBy(pair => pair.Key).Select(pair => pair.Value) : [lone])
                        .Select(file => $"{file.FileName}:{file.Bytes}:{file.ModifiedUtcTicks}")
                        .Prepend(_toolProblem ?? ""));
                if (_videos.TryGetValue(group.Key, out var existing) && existing.Signature == signature)
                {
                    continue;
                }

                existing?.Cancellation.Cancel();
                var slot = new VideoSlot(group.Key, signature, renditions, lone, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
                _videos[group.Key] = slot;
                if (_toolProblem is not null)
                {
                    slot.Problem = _toolProblem;
                    foreach (var height in renditions.Keys)
                    {
                        slot.Renditions[height] = RenditionSlot.Placeholder(height, VideoState.Unavailable, _toolProblem);
                    }

                    continue;
                }

                if (lone is not null)
                {
                    jobs.Add(new VideoJob(slot, null));
                }
                else
                {
                    foreach (var height in renditions.Keys)
                    {
                        slot.Renditions[height] = RenditionSlot.Placeholder(height, VideoState.Preparing, null);
                        jobs.Add(new VideoJob(slot, height));
                    }
                }
            }

            foreach (var gone in _videos.Keys.Where(name => !seen.Contains(name)).ToList())
            {
                _videos[gone].Cancellation.Cancel();
                _videos.Remove(gone);
                _logger.LogInformation("video '{Name}' removed", gone);
            }

            EnterLocked(jobs.Count);
        }

        foreach (var job in jobs)
        {
            _jobs.Writer.TryWrite(job);
        }

        Publish();
    }

    private async Task WorkLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await RunJobAsync(job);
                }
                catch (OperationCanceledException) when (job.Slot.Cancellation.IsCancellationRequested)
                {
                    // Replaced by a newer scan, or stopping.
                }
                catch (Exception e)
                {
                    _logger.LogError(e, "preparing video '{Name}' failed", job.Slot.Name);
                }
                finally
                {
                    Exit();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private Task RunJobAsync(VideoJob job) =>
        job.Height is { } height ? PrepareRenditionAsync(job.Slot, height) : PrepareLadderAsync(job.Slot);

    private async Task PrepareRenditionAsync(VideoSlot slot, int height)
    {
        var ct = slot.Cancellation.Token;
        ct.ThrowIfCancellationRequested();
        var source = slot.RenditionFiles[height];
        var target = RenditionDirectory(slot.Name, height);
        if (RenditionManifest.TryRead(target) is { } cached && cached.Matches(source, RenditionManifest.CopyKind))
        {
            Update(slot, () => MarkReady(slot, height, cached, target));
            _logger.LogInformation("video '{Name}' {Height}p ready (packaged earlier, {Count} segments)", slot.Name, height, cached.Segments.Count);
            return;
        }

        ProbeResult probe;
        try
        {
            probe = await MediaProbe.ProbeAsync(_options.FfprobePath, source.FullPath, ct);
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

        if (probe.Height != height)
        {
            _logger.LogWarning("'{File}' is named {Height}p but is {Width}x{Actual}", source.FileName, height, probe.Width, probe.Height);
        }

        Update(slot, () =>
        {
            slot.Duration = Max(slot.Duration, probe.Duration);
            slot.Renditions[height].Info = new RenditionInfo(
                height, probe.Width, probe.BitrateBps, probe.FrameRate, probe.VideoCodec, probe.AudioCodec,
                CodecStrings.For(probe.VideoCodec, probe.VideoProfile, probe.VideoLevel, probe.AudioCodec, probe.AudioProfile),
                VideoState.Preparing, null);
        });
        var clock = Stopwatch.StartNew();
        try
        {
            Directory.CreateDirectory(VideoDirectory(slot.Name));
            var packaged = await _packager.PackageCopyAsync(
                source, probe, height, target, percent => Progress(slot, [height], percent, log: false), ct);
            Update(slot, () =>
            {
                var rendition = slot.Renditions[height];
                rendition.Info = packaged.Info;
                rendition.Packaged = packaged;
            });
            _logger.LogInformation(
                "video '{Name}' {Height}p ready ({Count} segments, packaged in {Seconds:0.0} s)",
                slot.Name, height, packaged.Segments.Count, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException or FormatException or IOException)
        {
            MarkUnavailable(slot, [height], e.Message);
        }
    }

    private async Task PrepareLadderAsync(VideoSlot slot)
    {
        var ct = slot.Cancellation.Token;
        var source = slot.LoneFile!;
        ProbeResult probe;
        try
        {
            probe = await MediaProbe.ProbeAsync(_options.FfprobePath, source.FullPath, ct);
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException)
        {
            Update(slot, () => slot.Problem = e.Message);
            _logger.LogWarning("video '{Name}' is unavailable: {Reason}", slot.Name, e.Message);
            return;
        }

        var heights = RenditionLadder.For(probe.Height);
        var pending = new List<int>();
        Update(slot, () =>
        {
            slot.Duration = probe.Duration;
            foreach (var height in heights)
            {
                var target = RenditionDirectory(slot.Name, height);
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
        ct.ThrowIfCancellationRequested();
        if (pending.Count == 0)
        {
            _logger.LogInformation("video '{Name}' ready ({Heights}p, transcoded earlier)", slot.Name, string.Join("/", heights));
            return;
        }

        _logger.LogInformation(
            "video '{Name}': making {Heights}p from {File} ({Width}x{Height}, {Seconds:0.#} s)",
            slot.Name, string.Join("/", pending), source.FileName, probe.Width, probe.Height, probe.Duration.TotalSeconds);
        var clock = Stopwatch.StartNew();
        try
        {
            Directory.CreateDirectory(VideoDirectory(slot.Name));
            var packaged = await _packager.TranscodeLadderAsync(
                source, probe, pending, VideoDirectory(slot.Name), percent => Progress(slot, pending, percent, log: true), ct);
            Update(slot, () =>
            {
                foreach (var rendition in packaged)
                {
                    var target = slot.Renditions[rendition.Info.Height];
                    target.Info = rendition.Info;
                    target.Packaged = rendition;
                }
            });
            _logger.LogInformation(
                "video '{Name}' ready ({Heights}p, transcoded in {Seconds:0.0} s)",
                slot.Name, string.Join("/", pending), clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException or FormatException or IOException)
        {
            MarkUnavailable(slot, pending, e.Message);
        }
    }

    private async Task GenerateSampleAsync(CancellationToken ct)
    {
        var placeholder = new VideoSlot(
            SampleVideoGenerator.Name, "", new Dictionary<int, SourceFile>(), null, CancellationTokenSource.CreateLinkedTokenSource(ct));
        lock (_gate)
        {
            _videos[placeholder.Name] = placeholder;
        }

        Publish();
        _logger.LogInformation("the videos folder {Directory} is empty; generating a sample video", _videosDirectory);
        var clock = Stopwatch.StartNew();
        try
        {
            await SampleVideoGenerator.GenerateAsync(
                _options.FfmpegPath, _videosDirectory, _mediaDirectory, SampleDuration,
                percent =>
                {
                    var previous = placeholder.Percent;
                    Update(placeholder, () => placeholder.Percent = percent);
                    if (percent / 10 > previous / 10 && percent < 100)
                    {
                        _logger.LogInformation("generating sample video: {Percent}%", percent);
                    }
                },
                ct);
            _logger.LogInformation(
                "generated sample video '{Name}' in {Directory} ({Seconds:0.0} s)",
                SampleVideoGenerator.Name, _videosDirectory, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("could not generate a sample video: {Reason}", e.Message);
        }
        finally
        {
            lock (_gate)
            {
                if (_videos.TryGetValue(placeholder.Name, out var current) && current == placeholder)
                {
                    _videos.Remove(placeholder.Name);
                }
            }
        }
    }

    /// <param name="log">Whether to log each 10% step; stream copies finish too fast for it to help.</param>
    private void Progress(VideoSlot slot, IReadOnlyList<int> heights, int percent, bool log)
    {
        var previous = 0;
        Update(slot, () =>
        {
            foreach (var height in heights)
            {
                previous = slot.Renditions[height].Percent;
                slot.Renditions[height].Percent = percent;
            }
        });
        if (log && percent / 10 > previous / 10 && percent < 100)
        {
            _logger.LogInformation("preparing video '{Name}' ({Heights}p): {Percent}%", slot.Name, string.Join("/", heights), percent);
        }
    }

    private void MarkUnavailable(VideoSlot slot, IReadOnlyList<int> heights, string reason)
    {
        Update(slot, () =>
        {
            foreach (var height in heights)
            {
                var rendition = slot.Renditions[height];
                rendition.Info = rendition.Info with { State = VideoState.Unavailable, Detail = reason };
                rendition.Packaged = null;
            }
        });
        _logger.LogWarning("video '{Name}' {Heights}p is unavailable: {Reason}", slot.Name, string.Join("/", heights), reason);
    }

    private static void MarkReady(VideoSlot slot, int height, RenditionManifest manifest, string directory)
    {
        var rendition = slot.Renditions[height];
        rendition.Info = manifest.Info with { Height = height, State = VideoState.Ready, Detail = null };
        rendition.Packaged = new PackagedRendition(rendition.Info, directory, manifest.Segments);
        slot.Duration = Max(slot.Duration, TimeSpan.FromSeconds(manifest.DurationSeconds));
    }

    /// <summary>Applies a change to a slot that is still current, then republishes.</summary>
    private void Update(VideoSlot slot, Action change)
    {
        lock (_gate)
        {
            if (!_videos.TryGetValue(slot.Name, out var current) || current != slot)
            {
                return;
            }

            change();
        }

        Publish();
    }

    private void Publish()
    {
        lock (_gate)
        {
            Volatile.Write(ref _snapshot, LibrarySnapshot.Of(_videos.Values));
        }

        try
        {
            Changed?.Invoke();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "a video library Changed handler failed");
        }
    }

    private string VideoDirectory(string name) => Path.Combine(_mediaDirectory, name);

    private string RenditionDirectory(string name, int height) =>
        Path.Combine(_mediaDirectory, name, height.ToString(CultureInfo.InvariantCulture));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed record VideoJob(VideoSlot Slot, int? Height);
}
