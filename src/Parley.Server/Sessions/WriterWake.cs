using System.Threading.Tasks.Sources;

namespace Parley.Server.Sessions;

/// <summary>
/// Wakes an <see cref="Outbox"/>'s one writer loop: an auto-reset signal with a single waiter and no allocation per wait.
/// A wake given while the writer is busy is remembered (once), so it is never lost; many wakes before the writer
/// waits again are one. The writer's continuation always runs on the thread pool, never inline in whoever woke it.
/// </summary>
internal sealed class WriterWake : IValueTaskSource
{
    private const int Idle = 0;
    private const int Pending = 1;
    private const int Waiting = 2;

    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };
    private int _state;

    public void Set()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Pending:
                    return;
                case Idle when Interlocked.CompareExchange(ref _state, Pending, Idle) == Idle:
                    return;
                case Waiting when Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting:
                    _waiter.SetResult(true);
                    return;
            }
        }
    }

    /// <summary>Completes at the next <see cref="Set"/>, or at once when one came since the last wait. One waiter at a time.</summary>
    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Pending) == Pending)
        {
            return ValueTask.CompletedTask;
        }

        _waiter.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) == Idle)
        {
            return new ValueTask(this, _waiter.Version);
        }

        // A wake came between the two exchanges: take it.
        Volatile.Write(ref _state, Idle);
        return ValueTask.CompletedTask;
    }

    void IValueTaskSource.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}
