namespace Parley.Media.Library;

/// <summary>
/// Counts the library's pending work (scans, debounced folder changes, packaging jobs) so
/// <see cref="IVideoLibrary.WhenIdle"/> can wait for it; calls back each time the count drops to zero.
/// </summary>
internal sealed class IdleTracker(Action onIdle)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _busy;

    public void Enter(int count = 1)
    {
        lock (_gate)
        {
            if (count > 0 && _busy == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _busy += count;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            if (--_busy == 0)
            {
                _idle.TrySetResult();
                onIdle();
            }
        }
    }

    public Task WhenIdle(CancellationToken ct)
    {
        lock (_gate)
        {
            return _busy == 0 ? Task.CompletedTask : _idle.Task.WaitAsync(ct);
        }
    }

    /// <summary>Releases the current waiters when stopping: the pending work will never finish.</summary>
    public void ReleaseWaiters()
    {
        lock (_gate)
        {
            _idle.TrySetResult();
        }
    }
}
