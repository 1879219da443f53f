using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>The line `parley play` ends with: segment count, size, target and the renditions as runs.</summary>
[Collection(StreamingCommandLineCollection.Name)]
public sealed class PlaySummaryTests(StreamingServer server)
{
    [Fact]
    public async Task Thirds_are_summed_up_as_three_runs()
    {
        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "thirds", "--output", server.TempFile("thirds.ts")));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("play: 6 segments, ", result.StderrText, StringComparison.Ordinal);
        Assert.EndsWith("; renditions 240p ×2, 720p ×2, 1080p ×2", result.StderrText.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_segment_is_one_segment()
    {
        var result = await server.ParleyAsync(ParleyCli.Play(server, "--quality", "240", "--start", "11", "--output", server.TempFile("last.ts")));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("play: 1 segment, ", result.StderrText, StringComparison.Ordinal);
        Assert.EndsWith("; renditions 240p ×1", result.StderrText.TrimEnd(), StringComparison.Ordinal);
    }
}
