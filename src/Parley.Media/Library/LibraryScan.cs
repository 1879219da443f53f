using Parley.Media.Cache;
using Parley.Media.Probing;

namespace Parley.Media.Library;

/// <summary>
/// One scan of the library: check the tools, read the videos folder (filling it with the sample
/// once when it starts empty), bring the catalog in line and queue the work, then prune the
/// cache of renditions whose source is gone. The first scan, and the cache checks of the jobs it
/// queues, make up the library's <see cref="FirstLoad"/>.
/// </summary>
internal sealed class LibraryScan(
    MediaToolCheck tools,
    VideosFolder folder,
    SampleVideoBootstrap sample,
    bool generateSample,
    LibraryReconciler reconciler,
    PackagingQueue queue,
    MediaCacheCleaner cleaner,
    FirstLoad firstLoad)
{
    private bool _sampleConsidered;
    private bool _scannedOnce;

    public async Task RunAsync(CancellationToken ct)
    {
        var first = !_scannedOnce;
        _scannedOnce = true;
        try
        {
            await ScanAsync(first, ct);
        }
        finally
        {
            if (first)
            {
                firstLoad.Exit();
            }
        }
    }

    private async Task ScanAsync(bool first, CancellationToken ct)
    {
        await tools.RefreshAsync(ct);
        var videos = folder.List();
        if (!_sampleConsidered && tools.Problem is null && generateSample && !folder.HasAnyMp4())
        {
            _sampleConsidered = true;
            await sample.GenerateAsync(ct);
            videos = folder.List();
        }

        _sampleConsidered = true;
        var jobs = reconciler.Reconcile(videos ?? [], tools.Problem);
        if (first)
        {
            foreach (var job in jobs)
            {
                job.JoinFirstLoad(firstLoad);
            }
        }

        queue.Enqueue(jobs);

        // A folder that cannot be listed says nothing about which sources are gone.
        if (videos is not null)
        {
            cleaner.PruneOrphans(videos);
        }
    }
}
