using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

public class ListenExitCodeTests
{
    // The deadline counts from the start, logging in included, so these tests do not depend on
    // how fast a busy machine logs in: no message is sent before it passes either way.
    [Fact]
    public async Task Listen_exits_3_when_the_timeout_comes_before_the_count()
    {
        await using var world = await Scenario.StartAsync();
        await world.FingerprintOfAsync("bob");

        var listen = await world.RunAsync(["listen", .. world.As("bob"), "--count", "1", "--timeout", "2"]);

        Assert.Equal(3, listen.ExitCode);
        Assert.Empty(listen.Stdout);
        Assert.Contains("parley: timed out after 0 of 1 messages", listen.Stderr);
    }

    [Fact]
    public async Task Listen_without_a_count_exits_0_at_the_timeout()
    {
        await using var world = await Scenario.StartAsync();
        await world.FingerprintOfAsync("bob");

        var listen = await world.RunAsync(["listen", .. world.As("bob"), "--timeout", "1"]);

        Assert.Equal(0, listen.ExitCode);
        Assert.Empty(listen.Stdout);
    }

    [Fact]
    public async Task Listen_exits_130_on_ctrl_c()
    {
        await using var world = await Scenario.StartAsync();
        var listen = await world.ListenAsync("bob");

        listen.Signal("INT");

        Assert.Equal(130, await listen.WaitForExitAsync(Deadline.Default));
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--count", "many")]
    [InlineData("--timeout", "-1")]
    [InlineData("--bogus", "1")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        using var dir = new TempDir();

        var run = await ParleyProcess.RunAsync(dir.Path, "listen", "--name", "bob", "--home", dir.Sub("home"), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("parley: ", run.Stderr[0], StringComparison.Ordinal);
    }
}
