using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Parley.Media.Library;

/// <summary>
/// The probing, packaging and transcoding jobs, run by <see cref="MaxConcurrentJobs"/> workers so
/// at most that many ffmpeg processes run at a time. Unbounded on purpose: a scan queues at most
/// one job per file in the folder, and the jobs of replaced slots end as soon as a worker takes them.
/// A queued or running job counts as library work.
/// </summary>
internal sealed class PackagingQueue(Func<VideoJob, Task> run, IdleTracker tracker, ILogger logger, MediaMetrics? metrics = null)
{
    public const int MaxConcurrentJobs = 2;

    private readonly Channel<VideoJob> _jobs = Channel.CreateUnbounded<VideoJob>();

    /// <summary>Starts the workers; their tasks end when <paramref name="ct"/> is cancelled or the queue completed.</summary>
    public IReadOnlyList<Task> Start(CancellationToken ct) =>
        Enumerable.Range(0, MaxConcurrentJobs).Select(_ => Task.Run(() => WorkLoopAsync(ct), CancellationToken.None)).ToList();

    public void Enqueue(IReadOnlyList<VideoJob> jobs)
    {
        tracker.Enter(jobs.Count);
        foreach (var job in jobs)
        {
            _jobs.Writer.TryWrite(job);
        }
    }

    public void Complete() => _jobs.Writer.TryComplete();

    private async Task WorkLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await run(job);
                    metrics?.PackagingJobEnded("completed");
                }
                catch (OperationCanceledException) when (job.Slot.Token.IsCancellationRequested)
                {
                    // Replaced by a newer scan, or stopping.
                    metrics?.PackagingJobEnded("cancelled");
                }
                catch (Exception e)
                {
                    logger.PreparingFailed(e, job.Slot.Name);
                    metrics?.PackagingJobEnded("error");
                }
                finally
                {
                    job.Settle();
                    tracker.Exit();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
