using Microsoft.Extensions.Logging;
using Parley.Media.Videos;

namespace Parley.Media.Library;

/// <summary>
/// Brings the catalog in line with the videos folder: a video whose files (or the tools' state)
/// changed gets a fresh slot and the jobs that prepare it, and its old slot is retired; a video
/// gone from the folder is retired and dropped.
/// </summary>
internal sealed class LibraryReconciler(VideoCatalog catalog, ILogger logger, CancellationToken stopping)
{
    /// <returns>The jobs to queue.</returns>
    public IReadOnlyList<VideoJob> Reconcile(IReadOnlyList<VideoSources> videos, string? toolProblem) => catalog.Edit(slots =>
    {
        var jobs = new List<VideoJob>();
        foreach (var video in videos)
        {
            var signature = string.Join(
                '|',
                video.Files.Select(file => $"{file.FileName}:{file.Bytes}:{file.ModifiedUtcTicks}").Prepend(toolProblem ?? ""));
            if (slots.TryGetValue(video.Name, out var existing) && existing.Signature == signature)
            {
                continue;
            }

            existing?.Retire();
            var slot = new VideoSlot(video.Name, signature, video.Renditions, video.Lone, CancellationTokenSource.CreateLinkedTokenSource(stopping));
            slots[video.Name] = slot;
            if (toolProblem is not null)
            {
                slot.Problem = toolProblem;
                foreach (var height in video.Renditions.Keys)
                {
                    slot.Renditions[height] = RenditionSlot.Placeholder(height, VideoState.Unavailable, toolProblem);
                }

                continue;
            }

            if (video.Lone is not null)
            {
                jobs.Add(new VideoJob(slot, null));
            }
            else
            {
                foreach (var height in video.Renditions.Keys)
                {
                    slot.Renditions[height] = RenditionSlot.Placeholder(height, VideoState.Preparing, null);
                    jobs.Add(new VideoJob(slot, height));
                }
            }
        }

        var seen = videos.Select(video => video.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in slots.Keys.Where(name => !seen.Contains(name)).ToList())
        {
            slots[gone].Retire();
            slots.Remove(gone);
            logger.VideoRemoved(gone);
        }

        return jobs;
    });
}
