using System.Collections.Concurrent;
using Parley.Crypto;

namespace Parley.Server.Authentication;

/// <summary>
/// Checks login signatures on a few dedicated threads instead of the socket and thread-pool threads, so a
/// burst of logins cannot stall the connections already logged in (their reads, writes and timers keep the
/// pool to themselves). At most <see cref="ParleyServerOptions.LoginVerificationWorkers"/> checks run at once
/// and <see cref="ParleyServerOptions.LoginVerificationQueue"/> more may wait; a login beyond that is refused
/// at once (the caller answers SERVER_BUSY) rather than queued without bound.
/// </summary>
internal sealed class LoginVerifier : IAsyncDisposable
{
    private readonly BlockingCollection<Job> _jobs = new(new ConcurrentQueue<Job>());
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task? _gate;
    private readonly int _capacity;
    private readonly Task[] _workers;

    // Checks running or waiting; the queue is bounded by this count, not by its own capacity,
    // so that a queue of 0 (only as many logins as workers) can be configured.
    private int _outstanding;
    private int _stopped;

    public LoginVerifier(ParleyServerOptions options, LoginVerificationGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _gate = gate?.Opened;
        _capacity = options.LoginVerificationWorkers + options.LoginVerificationQueue;
        _workers = [.. Enumerable.Range(1, options.LoginVerificationWorkers).Select(StartWorker)];
    }

    /// <summary>True once the server stops: a refusal from <see cref="TryVerify"/> then means that, not a full queue.</summary>
    public bool IsStopping => Volatile.Read(ref _stopped) != 0;

    /// <summary>Queues the check of <paramref name="signature"/> over <paramref name="signedData"/>.</summary>
    /// <param name="abandoned">Cancelled when the login no longer matters (its connection closed or it timed out):
    /// the check is then skipped and the task cancelled, so a dead connection does not keep its place.</param>
    /// <returns>Whether the signature verifies, once a worker has checked it; a cancelled task when the check was
    /// skipped (for <paramref name="abandoned"/>, or because the server stops); null when the queue is full or the
    /// server stops (see <see cref="IsStopping"/>). <paramref name="key"/> must stay undisposed until the task ends.</returns>
    public Task<bool>? TryVerify(PeerKey key, byte[] signedData, ReadOnlyMemory<byte> signature, CancellationToken abandoned)
    {
        if (IsStopping)
        {
            return null;
        }

        if (abandoned.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(abandoned);
        }

        if (Interlocked.Increment(ref _outstanding) > _capacity)
        {
            Interlocked.Decrement(ref _outstanding);
            return null;
        }

        var job = new Job(key, signedData, signature);
        job.Abandonment = abandoned.UnsafeRegister(static (state, token) => ((Job)state!).Drop(token), job);
        try
        {
            _jobs.Add(job, CancellationToken.None); // never blocks: the collection is unbounded, the count above bounds it
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // Stopping: adding was completed after the check above.
            job.Abandonment.Dispose();
            Interlocked.Decrement(ref _outstanding);
            return null;
        }

        return job.Verified.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _jobs.CompleteAdding();
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers);
        while (_jobs.TryTake(out var job))
        {
            job.Abandonment.Dispose();
            job.Drop(_stopping.Token);
        }

        _jobs.Dispose();
        _stopping.Dispose();
    }

    private Task StartWorker(int number)
    {
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                RunWorker();
            }
            finally
            {
                exited.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = $"parley-login-verify-{number}",
        };
        thread.Start();
        return exited.Task;
    }

    private void RunWorker()
    {
        try
        {
            foreach (var job in _jobs.GetConsumingEnumerable(_stopping.Token))
            {
                Check(job);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: what is still queued is dropped by DisposeAsync.
        }
    }

    private void Check(Job job)
    {
        var taken = false;
        var verified = false;
        Exception? failure = null;
        try
        {
            _gate?.Wait(_stopping.Token);
            taken = job.TryTake();
            if (taken)
            {
                verified = job.Key.Verify(job.SignedData, job.Signature.Span);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping while the test gate held this worker: dropped below.
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        job.Abandonment.Dispose();

        // Counted out before the caller hears, so a login that follows this one finds the room.
        Interlocked.Decrement(ref _outstanding);
        if (!taken)
        {
            job.Drop(_stopping.Token); // does nothing when it was abandoned: that caller heard already
        }
        else if (failure is null)
        {
            job.Verified.TrySetResult(verified);
        }
        else
        {
            job.Verified.TrySetException(failure);
        }
    }

    private sealed class Job(PeerKey key, byte[] signedData, ReadOnlyMemory<byte> signature)
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Dropped = 2;

        private int _state;

        public PeerKey Key { get; } = key;

        public byte[] SignedData { get; } = signedData;

        public ReadOnlyMemory<byte> Signature { get; } = signature;

        public CancellationTokenRegistration Abandonment { get; set; }

        // Completed on a worker (or where the login was abandoned); the login goes on elsewhere so the
        // worker takes the next check at once.
        public TaskCompletionSource<bool> Verified { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Claims the job for a check; false once it was dropped.</summary>
        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        /// <summary>
        /// Gives up a job no worker has taken: its caller hears at once and may dispose the key, which no
        /// worker will touch. Does nothing once a worker took it (the check is then short and its result stands).
        /// </summary>
        public void Drop(CancellationToken reason)
        {
            if (Interlocked.CompareExchange(ref _state, Dropped, Queued) == Queued)
            {
                Verified.TrySetCanceled(reason);
            }
        }
    }
}
