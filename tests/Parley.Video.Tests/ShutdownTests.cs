using Parley.Server.Video;

namespace Parley.Video.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_mid_encode_kills_ffmpeg_and_leaves_no_partial_output()
    {
        using var root = new TempDirectory();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        List<int> encoders;
        var harness = await LibraryHarness.StartAsync(
            videos, root.Combine("media"), generateSamples: true, sampleDuration: TimeSpan.FromMinutes(10));
        try
        {
            await harness.UntilAsync(library => library.TryGetVideo("sample", out var v) && v.PreparingPercent > 0);
            Assert.Equal(VideoState.Preparing, harness.Video("sample").State);
            encoders = ChildFfmpegs();
            Assert.NotEmpty(encoders);
        }
        finally
        {
            await harness.DisposeAsync();
        }

        Assert.Empty(ChildFfmpegs().Intersect(encoders));
        Assert.Empty(Directory.GetFiles(videos));
        Assert.Empty(Directory.GetDirectories(root.Combine("media")));
    }

    /// <summary>ffmpeg processes whose parent is this test process (Linux /proc).</summary>
    private static List<int> ChildFfmpegs()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var children = new List<int>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (name == "ffmpeg" && fields[1] == self)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return children;
    }
}
