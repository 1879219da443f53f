using Parley.Media.Cache;
using Parley.Media.Probing;

namespace Parley.Media.Library;

/// <summary>
/// One scan of the library: check the tools, read the videos folder (filling it with the sample
/// once when it starts empty), bring the catalog in line and queue the work, then prune the
/// cache of renditions whose source is gone.
/// </summary>
internal sealed class LibraryScan(
    MediaToolCheck tools,
    VideosFolder folder,
    SampleVideoBootstrap sample,
    bool generateSample,
    LibraryReconciler reconciler,
    PackagingQueue queue,
    MediaCacheCleaner cleaner)
{
    private bool _sampleConsidered;

    public async Task RunAsync(CancellationToken ct)
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
        queue.Enqueue(reconciler.Reconcile(videos ?? [], tools.Problem));

        // A folder that cannot be listed says nothing about which sources are gone.
        if (videos is not null)
        {
            cleaner.PruneOrphans(videos);
        }
    }
}
