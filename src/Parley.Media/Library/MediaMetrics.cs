using System.Diagnostics.Metrics;

namespace Parley.Media.Library;

/// <summary>
/// The video library's counters, on the "Parley.Media" meter (the server's host exports it beside "Parley.Server"):
/// packaging jobs (probing, packaging or transcoding a rendition) by outcome.
/// </summary>
internal sealed class MediaMetrics
{
    public const string MeterName = "Parley.Media";

    private readonly Counter<long> _packagingJobs;

    public MediaMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _packagingJobs = meter.CreateCounter<long>("packaging.jobs", "{job}", "Probing, packaging and transcoding jobs ended, by outcome (completed, cancelled, error)");
    }

    /// <param name="outcome">
    /// "completed" (the job ran to its end: its renditions are ready, or marked unavailable with the reason logged),
    /// "cancelled" (replaced by a newer scan, or the server stopping) or "error" (an unexpected exception, logged).
    /// </param>
    public void PackagingJobEnded(string outcome) =>
        _packagingJobs.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
