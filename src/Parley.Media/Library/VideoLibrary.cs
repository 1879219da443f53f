using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Media.Cache;
using Parley.Media.Packaging;
using Parley.Media.Probing;
using Parley.Media.Videos;

// CA1873: these log lines come once per video or rendition, and their joined heights and counted words read better
// than raw values; formatting them always costs nothing that matters.
#pragma warning disable CA1873

namespace Parley.Media.Library;

/// <summary>
/// The library: scans the videos folder (on start, on folder changes after a 1 s debounce, and every
/// 30 s as a fallback), probes each file, packages each rendition once into the media cache, and
/// prunes the cache of renditions whose source is gone. At most
/// <see cref="PackagingQueue.MaxConcurrentJobs"/> ffmpeg processes run at a time; stopping kills them.
/// </summary>
internal sealed class VideoLibrary : IVideoLibrary, IHostedService, IDisposable
{
    private readonly ILogger<VideoLibrary> _logger;
    private readonly string _videosDirectory;
    private readonly MediaCachePaths _cache;
    private readonly CancellationTokenSource _stopping = new();
    private readonly VideoCatalog _catalog;
    private readonly IdleTracker _tracker;
    private readonly FirstLoad _firstLoad = new();
    private readonly MediaCacheCleaner _cleaner;
    private readonly SampleVideoBootstrap _sample;
    private readonly PackagingQueue _queue;
    private readonly ScanScheduler _scans;
    private readonly FolderWatcher _watcher;
    private Task[] _loops = [];
    private int _disposed;
    private string? _lastSummary;

    public VideoLibrary(MediaOptions options, ILogger<VideoLibrary> logger, MediaMetrics? metrics = null)
    {
        _logger = logger;
        _videosDirectory = Path.GetFullPath(options.VideosDirectory);
        _cache = new MediaCachePaths(Path.GetFullPath(options.MediaCacheDirectory));
        _catalog = new VideoCatalog(logger);
        _tracker = new IdleTracker(LogSummaryIfChanged);
        _cleaner = new MediaCacheCleaner(_cache, logger);
        _sample = new SampleVideoBootstrap(_catalog, options.FfmpegPath, _videosDirectory, _cache.Root, logger);
        var preparer = new RenditionPreparer(
            _catalog, _cache, new HlsPackager(options.FfmpegPath, options.FfprobePath), options.FfprobePath, logger);
        _queue = new PackagingQueue(preparer.RunAsync, _tracker, logger, metrics);
        var scan = new LibraryScan(
            new MediaToolCheck(options.FfmpegPath, options.FfprobePath, logger),
            new VideosFolder(_videosDirectory, logger),
            _sample,
            options.GenerateSampleVideos,
            new LibraryReconciler(_catalog, logger, _stopping.Token),
            _queue,
            _cleaner,
            _firstLoad);
        _scans = new ScanScheduler(scan.RunAsync, _videosDirectory, _tracker, logger, _stopping.Token);
        _watcher = new FolderWatcher(_videosDirectory, _tracker, _scans.Request, logger);
    }

    public event Action? Changed
    {
        add => _catalog.Changed += value;
        remove => _catalog.Changed -= value;
    }

    /// <summary>Length of the generated sample video; shorter in tests.</summary>
    internal TimeSpan SampleDuration
    {
        get => _sample.Duration;
        init => _sample.Duration = value;
    }

    public IReadOnlyList<VideoEntry> List() => _catalog.Snapshot.Entries;

    public bool TryGetVideo(string name, [NotNullWhen(true)] out VideoEntry? video)
    {
        video = null;
        return VideoNames.IsValid(name) && _catalog.Snapshot.ByName.TryGetValue(name, out video);
    }

    public bool TryGetRendition(string name, int height, [NotNullWhen(true)] out PackagedRendition? rendition)
    {
        rendition = null;
        return VideoNames.IsValid(name) && _catalog.Snapshot.Packaged.TryGetValue((name, height), out rendition);
    }

    public Task WhenIdle(CancellationToken ct) => _tracker.WhenIdle(ct);

    public bool IsLoaded => _firstLoad.Done.IsCompleted;

    public Task WhenLoaded(CancellationToken ct) => _firstLoad.Done.WaitAsync(ct);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(_videosDirectory);
            Directory.CreateDirectory(_cache.Root);
            _cleaner.DeleteLeftoverStaging();
            _watcher.Start();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Without a watcher the periodic rescan still notices changes.
            _logger.CannotWatch(_videosDirectory, e.Message);
        }

        _loops = [_scans.Start(), .. _queue.Start(_stopping.Token)];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher.Stop();
        await _stopping.CancelAsync();
        _queue.Complete();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown timed out; the loops end on their own once their child processes are killed.
        }

        _tracker.ReleaseWaiters();
        _firstLoad.Release();
    }

    public void Dispose()
    {
        // The container may hand this instance out under several registrations and dispose each.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _watcher.Dispose();
        _scans.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Runs under the idle tracker's lock, so summaries are logged one at a time.</summary>
    private void LogSummaryIfChanged()
    {
        var entries = _catalog.Snapshot.Entries;
        var summary = string.Join(", ", entries.Select(entry => $"{entry.Name} ({entry.State.ToString().ToLowerInvariant()})"));
        if (summary == _lastSummary || _stopping.IsCancellationRequested)
        {
            return;
        }

        _lastSummary = summary;
        _logger.Summary(
            entries.Count(entry => entry.State == VideoState.Ready),
            Plural.Count(entries.Count, "video", "videos"),
            _videosDirectory,
            entries.Count > 0 ? ": " : "",
            summary);
    }
}
