using Microsoft.Extensions.Logging;

namespace Parley.Media.Library;

/// <summary>
/// Watches the videos folder and calls back once its changes have been quiet for 1 s, so a file
/// being copied in is looked at once, when complete. A pending callback counts as library work.
/// </summary>
internal sealed class FolderWatcher : IDisposable
{
    private static readonly TimeSpan s_debounce = TimeSpan.FromSeconds(1);

    private readonly string _directory;
    private readonly IdleTracker _tracker;
    private readonly Action _onQuiet;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Timer _debounce;
    private FileSystemWatcher? _watcher;
    private bool _armed;

    public FolderWatcher(string directory, IdleTracker tracker, Action onQuiet, ILogger logger)
    {
        _directory = directory;
        _tracker = tracker;
        _onQuiet = onQuiet;
        _logger = logger;
        _debounce = new Timer(_ => OnDebounceElapsed());
    }

    /// <exception cref="IOException">The folder cannot be watched.</exception>
    public void Start()
    {
        _watcher = new FileSystemWatcher(_directory)
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
            _logger.WatchFailed(e.GetException(), _directory);
            OnFolderChanged();
        };
        _watcher.EnableRaisingEvents = true;
    }

    public void Stop()
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    private void OnFolderChanged()
    {
        lock (_gate)
        {
            if (!_armed)
            {
                _armed = true;
                _tracker.Enter();
            }
        }

        _debounce.Change(s_debounce, Timeout.InfiniteTimeSpan);
    }

    private void OnDebounceElapsed()
    {
        lock (_gate)
        {
            if (!_armed)
            {
                return;
            }

            _armed = false;
        }

        _onQuiet();
        _tracker.Exit();
    }
}
