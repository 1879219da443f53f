using System.Threading.Channels;
using Parley.Crypto;

namespace Parley.Server.Connections;

/// <summary>
/// Checks login signatures on a few worker tasks instead of the socket threads, so a burst of logins
/// cannot stall the connections already logged in. At most <see cref="ParleyServerOptions.LoginVerificationWorkers"/>
/// checks run at once and <see cref="ParleyServerOptions.LoginVerificationQueue"/> more may wait; a login
/// beyond that is refused at once (the caller answers SERVER_BUSY) rather than queued without bound.
/// </summary>
internal sealed class LoginVerifier : IAsyncDisposable
{
    private readonly Channel<Job> _jobs = Channel.CreateUnbounded<Job>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task? _gate;
    private readonly int _capacity;
    private readonly Task[] _workers;

    // Checks running or waiting; the channel is bounded by this count, not by its own capacity,
    // so that a queue of 0 (only as many logins as workers) can be configured.
    private int _outstanding;

    public LoginVerifier(ParleyServerOptions options)
    {
        _gate = options.LoginVerificationGate;
        _capacity = options.LoginVerificationWorkers + options.LoginVerificationQueue;
        _workers = [.. Enumerable.Range(0, options.LoginVerificationWorkers).Select(_ => Task.Run(RunWorkerAsync))];
    }

    /// <summary>Queues the check of <paramref name="signature"/> over <paramref name="signedData"/>.</summary>
    /// <returns>Whether the signature verifies, once a worker has checked it; null when the queue is full.
    /// <paramref name="key"/> must stay undisposed until then.</returns>
    public Task<bool>? TryVerify(PeerKey key, byte[] signedData, ReadOnlyMemory<byte> signature)
    {
        if (Interlocked.Increment(ref _outstanding) > _capacity)
        {
            Interlocked.Decrement(ref _outstanding);
            return null;
        }

        var job = new Job(key, signedData, signature);
        if (!_jobs.Writer.TryWrite(job))
        {
            Interlocked.Decrement(ref _outstanding);
            return null;
        }

        return job.Verified.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers);
        _stopping.Dispose();
    }

    private async Task RunWorkerAsync()
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync())
        {
            Exception? failure = null;
            var verified = false;
            try
            {
                if (_gate is not null)
                {
                    await _gate.WaitAsync(_stopping.Token);
                }

                verified = job.Key.Verify(job.SignedData, job.Signature.Span);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            // Counted out before the caller hears, so a login that follows this one finds the room.
            Interlocked.Decrement(ref _outstanding);
            if (failure is null)
            {
                job.Verified.TrySetResult(verified);
            }
            else
            {
                job.Verified.TrySetException(failure);
            }
        }
    }

    private sealed record Job(PeerKey Key, byte[] SignedData, ReadOnlyMemory<byte> Signature)
    {
        // Completed on a worker; the login goes on elsewhere so the worker takes the next check at once.
        public TaskCompletionSource<bool> Verified { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
