using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Parley.Media.Samples;
using Parley.Media.Tools;
using Parley.Media.Videos;

namespace Parley.Media.Library;

/// <summary>
/// Fills an empty videos folder with the generated sample video, listed as preparing (with its
/// progress) while ffmpeg encodes it.
/// </summary>
internal sealed class SampleVideoBootstrap(VideoCatalog catalog, string ffmpeg, string videosDirectory, string stagingDirectory, ILogger logger)
{
    /// <summary>Length of the generated sample video; shorter in tests.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(12);

    public async Task GenerateAsync(CancellationToken ct)
    {
        // The placeholder runs no jobs; its source is linked to nothing, so it needs no disposing unless a scan retires it.
        var placeholder = new VideoSlot(SampleVideoGenerator.Name, "", new Dictionary<int, SourceFile>(), null, new CancellationTokenSource());
        catalog.Edit(slots => slots[placeholder.Name] = placeholder);
        logger.GeneratingSample(videosDirectory);
        var clock = Stopwatch.StartNew();
        try
        {
            await SampleVideoGenerator.GenerateAsync(
                ffmpeg, videosDirectory, stagingDirectory, Duration,
                percent =>
                {
                    var previous = placeholder.Percent;
                    catalog.Update(placeholder, () => placeholder.Percent = percent);
                    if (ProgressSteps.IsNextTenth(previous, percent))
                    {
                        logger.SampleProgress(percent);
                    }
                },
                ct);
            logger.SampleGenerated(
                SampleVideoGenerator.Name, videosDirectory, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (e is ToolFailedException or ToolNotFoundException or IOException or UnauthorizedAccessException)
        {
            logger.SampleFailed(e.Message);
        }
        finally
        {
            catalog.RemoveIfCurrent(placeholder);
        }
    }
}
