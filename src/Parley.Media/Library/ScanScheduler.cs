using Microsoft.Extensions.Logging;

namespace Parley.Media.Library;

/// <summary>
/// Runs the library's scans one at a time: the first as soon as it starts, then on request
/// (requests made while one is pending are one scan) and every 30 s as a fallback for missed
/// folder events. A requested or running scan counts as library work.
/// </summary>
internal sealed class ScanScheduler : IDisposable
{
    private static readonly TimeSpan s_rescanInterval = TimeSpan.FromSeconds(30);

    private readonly Func<CancellationToken, Task> _scan;
    private readonly string _directory;
    private readonly IdleTracker _tracker;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private bool _requested = true;

    /// <param name="scan">One scan of the library.</param>
    /// <param name="directory">The videos folder, for the log.</param>
    public ScanScheduler(Func<CancellationToken, Task> scan, string directory, IdleTracker tracker, ILogger logger, CancellationToken stopping)
    {
        _scan = scan;
        _directory = directory;
        _tracker = tracker;
        _stopping = stopping;
        _logger = logger;
        tracker.Enter(); // the first scan
    }

    /// <summary>Starts the loop; the returned task ends when stopping.</summary>
    public Task Start()
    {
        var loop = Task.Run(LoopAsync, CancellationToken.None);
        _signal.Release();
        return loop;
    }

    public void Request()
    {
        lock (_gate)
        {
            if (_requested || _stopping.IsCancellationRequested)
            {
                return;
            }

            _requested = true;
            _tracker.Enter();
        }

        _signal.Release();
    }

    public void Dispose() => _signal.Dispose();

    private async Task LoopAsync()
    {
        var ct = _stopping;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await _signal.WaitAsync(s_rescanInterval, ct))
                {
                    Request();
                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_gate)
            {
                _requested = false;
            }

            try
            {
                await _scan(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.ScanFailed(e, _directory);
            }
            finally
            {
                _tracker.Exit();
            }
        }
    }
}
