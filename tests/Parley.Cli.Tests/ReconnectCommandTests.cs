using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>The long-running commands across a restart of a real server process on the same port and data.</summary>
public class ReconnectCommandTests
{
    private const string Prompt = "alice> ";

    [Fact]
    public async Task Listen_count_3_gets_one_message_before_a_server_restart_two_after_it_and_exits_0()
    {
        await using var world = await Scenario.StartAsync();
        await world.FingerprintOfAsync("alice");
        var bob = await world.ListenAsync("bob", "--count", "3", "--json");

        Assert.Equal(0, (await world.SendAsync("alice", "bob", "one")).ExitCode);
        await bob.WaitForStdoutAsync(line => line.Contains("\"one\"", StringComparison.Ordinal), "the first message");

        await world.Server.RestartAsync();
        await bob.WaitForStderrAsync(line => line.StartsWith("parley: connection lost", StringComparison.Ordinal), "'connection lost'");
        await bob.WaitForStderrAsync(line => line.StartsWith("parley: reconnected after", StringComparison.Ordinal), "'reconnected'");

        Assert.Equal(0, (await world.SendAsync("alice", "bob", "two")).ExitCode);
        Assert.Equal(0, (await world.SendAsync("alice", "bob", "three")).ExitCode);

        Assert.Equal(0, await bob.WaitForExitAsync(Deadline.Default));
        Assert.Equal(["one", "two", "three"], bob.StdoutLines.Select(l => Scenario.Json(l).GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Listen_with_no_reconnect_fails_at_once_when_the_server_goes_away()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob", "--no-reconnect");

        await world.Server.StopAsync();

        Assert.Equal(1, await bob.WaitForExitAsync(Deadline.Default));
        Assert.Contains(bob.StderrLines, line => line.StartsWith("parley: disconnected:", StringComparison.Ordinal));
        Assert.DoesNotContain(bob.StderrLines, line => line.Contains("reconnect", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_shows_the_connection_lost_and_back_while_the_half_typed_line_stays_and_is_sent_after()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob", "--count", "1", "--json");
        using var alice = await TmuxSession.StartParleyAsync(world.Dir.Path, ["chat", .. world.As("alice")]);
        await alice.WaitForTextAsync("type /help for commands");
        alice.Type("/msg bob half");
        await alice.WaitForScreenAsync(screen => screen[TmuxSession.LastUsedRow(screen)] == Prompt + "/msg bob half", "the half-typed line");

        await world.Server.RestartAsync();

        var screen = await alice.WaitForTextAsync("* reconnected after");
        Assert.Contains(screen, row => row.StartsWith("! connection lost", StringComparison.Ordinal));
        Assert.Contains(screen, row => row.StartsWith("! reconnecting in", StringComparison.Ordinal));
        var promptRow = TmuxSession.LastUsedRow(screen);
        Assert.Equal(Prompt + "/msg bob half", screen[promptRow]);
        Assert.Equal(1, screen.Count(row => row.Contains("/msg bob half", StringComparison.Ordinal)));
        Assert.Equal((Prompt.Length + "/msg bob half".Length, promptRow), alice.Cursor());

        await bob.WaitForStderrAsync(line => line.StartsWith("parley: reconnected after", StringComparison.Ordinal), "bob's 'reconnected'");
        alice.Type(" typed");
        alice.Press("Enter");

        Assert.Equal(0, await bob.WaitForExitAsync(Deadline.Default));
        Assert.Equal("half typed", Scenario.Json(Assert.Single(bob.StdoutLines)).GetProperty("text").GetString());
        alice.Press("C-c");
        await alice.WaitForTextAsync(TmuxSession.ExitMarker + "0]");
    }
}
