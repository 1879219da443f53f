namespace Parley.Media.Library;

/// <summary>
/// Whether the library knows what it holds since it started: its first scan has listed the videos folder,
/// and every video that scan found has been checked against the media cache (a rendition packaged before
/// is ready again; anything else is preparing). Until then a name the library does not know may simply
/// not have been scanned yet, which is what a client resuming a stream on a just-restarted server meets.
/// </summary>
internal sealed class FirstLoad
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending = 1; // the first scan itself

    public Task Done => _done.Task;

    /// <summary>The first scan queued <paramref name="count"/> jobs; each leaves once it knows what the cache holds for it.</summary>
    public void Enter(int count) => Interlocked.Add(ref _pending, count);

    public void Exit()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>Stopping: what was pending will never finish, so nobody waits for it.</summary>
    public void Release() => _done.TrySetResult();
}
