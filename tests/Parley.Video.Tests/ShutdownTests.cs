using Parley.Media.Videos;

namespace Parley.Video.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Encodes_run_below_normal_priority_and_stopping_mid_encode_kills_ffmpeg_and_leaves_no_partial_output()
    {
        using var root = new TempDir();
        var videos = Directory.CreateDirectory(root.Combine("videos")).FullName;
        List<int> encoders;
        var harness = await LibraryHarness.StartAsync(
            videos, root.Combine("media"), generateSamples: true, sampleDuration: TimeSpan.FromMinutes(10));
        try
        {
            await harness.UntilAsync(library => library.TryGetVideo("sample", out _));
            Assert.Equal(VideoState.Preparing, harness.Video("sample").State);
            await harness.UntilAsync(_ => ChildFfmpegs().Count > 0);
            encoders = ChildFfmpegs();
            Assert.All(encoders, pid => Assert.True(Niceness(pid) > 0, "ffmpeg should run below normal priority"));
        }
        finally
        {
            await harness.DisposeAsync();
        }

        Assert.Empty(ChildFfmpegs().Intersect(encoders));
        Assert.Empty(Directory.GetFiles(videos));
        Assert.Empty(Directory.GetDirectories(root.Combine("media")));
    }

    private static int Niceness(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
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
