using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>`parley play` with a malformed option value: the usual one-line parse error and exit code 2, never a crash.</summary>
[Collection(StreamingCommandLineCollection.Name)]
public sealed class PlayOptionErrorTests(StreamingServer server)
{
    [Theory]
    [InlineData("--start", "abc", "--start must be a number of seconds, 0 or more, got 'abc'")]
    [InlineData("--start", "5s", "--start must be a number of seconds, 0 or more, got '5s'")]
    [InlineData("--start", "1:00", "--start must be a number of seconds, 0 or more, got '1:00'")]
    [InlineData("--start", "-1", "--start must be a number of seconds, 0 or more, got '-1'")]
    [InlineData("--limit-rate", "fast", "--limit-rate must be a number of bytes per second (e.g. 200000 or 200k), got 'fast'")]
    [InlineData("--quality", "best", "--quality must be auto, thirds or a height such as 720, got 'best'")]
    [InlineData("--player", "vlc", "--player must be ffplay or mpv, got 'vlc'")]
    public async Task A_malformed_value_is_a_one_line_usage_error(string option, string value, string expected)
    {
        var result = await server.ParleyAsync(ParleyCli.Play(server, option, value, "--output", "-"));

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.StderrText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("parley: " + expected, lines[0]);
        Assert.DoesNotContain('\t', result.StderrText);
        Assert.Empty(result.StdoutBytes);
    }
}
