using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>`parley chat` in a real terminal (tmux): what the user sees while typing.</summary>
public class ChatTerminalTests
{
    private const string Prompt = "alice> ";

    [Fact]
    public async Task An_incoming_message_appears_above_the_half_typed_line_which_stays_intact()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob", "--count", "2", "--json");
        await world.FingerprintOfAsync("carol");
        using var alice = await StartChatAsync(world);

        alice.Type("/msg bob first");
        alice.Press("Enter");
        await alice.WaitForTextAsync("alice -> bob: first");

        alice.Type("half typed");
        await alice.WaitForScreenAsync(screen => screen[TmuxSession.LastUsedRow(screen)] == Prompt + "half typed", "the half-typed line");

        var send = await world.SendAsync("carol", "alice", "interrupting message");
        Assert.True(send.ExitCode == 0, send.ToString());

        var screen = await alice.WaitForTextAsync("carol: interrupting message");
        var promptRow = TmuxSession.LastUsedRow(screen);
        Assert.Equal(Prompt + "half typed", screen[promptRow]);
        var messageRow = screen.ToList().FindIndex(row => row.EndsWith("] carol: interrupting message", StringComparison.Ordinal));
        Assert.InRange(messageRow, 0, promptRow - 1);
        Assert.Equal(1, screen.Count(row => row.Contains("half typed", StringComparison.Ordinal)));
        Assert.Equal((Prompt.Length + "half typed".Length, promptRow), alice.Cursor());

        alice.Type(" and finished");
        alice.Press("Enter");

        Assert.Equal(0, await bob.WaitForExitAsync(Deadline.Default));
        Assert.Equal("half typed and finished", Scenario.Json(bob.StdoutLines[1]).GetProperty("text").GetString());
        await alice.WaitForTextAsync("alice -> bob: half typed and finished");

        alice.Press("C-c");
        await alice.WaitForTextAsync(TmuxSession.ExitMarker + "0]");
    }

    [Fact]
    public async Task Arrow_keys_backspace_and_ctrl_u_edit_the_line_in_a_real_terminal()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob", "--count", "1", "--json");
        using var alice = await StartChatAsync(world);

        alice.Type("this is thrown away");
        alice.Press("C-u");
        await alice.WaitForScreenAsync(screen => screen[TmuxSession.LastUsedRow(screen)] == Prompt.TrimEnd(), "an emptied line");
        alice.Type("/msg bob wrld!!");
        alice.Press("BSpace", "BSpace", "Left", "Left", "Left");
        alice.Type("o");
        alice.Press("End");
        alice.Type(", fixed");
        alice.Press("Home", "Right");
        alice.Press("Enter");

        Assert.Equal(0, await bob.WaitForExitAsync(Deadline.Default));
        Assert.Equal("world, fixed", Scenario.Json(Assert.Single(bob.StdoutLines)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Joins_leaves_who_and_quit_are_shown_in_the_terminal()
    {
        await using var world = await Scenario.StartAsync();
        var bobFingerprint = await world.FingerprintOfAsync("bob");
        using var alice = await StartChatAsync(world);
        await alice.WaitForTextAsync("nobody else is online");

        var bob = await world.ListenAsync("bob");
        await alice.WaitForTextAsync($"* bob joined, fingerprint {bobFingerprint}");

        alice.Type("/who");
        alice.Press("Enter");
        await alice.WaitForScreenAsync(
            screen => screen.SkipWhile(row => !row.Contains("* bob joined", StringComparison.Ordinal))
                .Any(row => row.StartsWith("  bob", StringComparison.Ordinal) && row.Contains(bobFingerprint, StringComparison.Ordinal)),
            "bob and his fingerprint listed by /who");

        bob.Signal("INT");
        await alice.WaitForTextAsync("* bob left");

        alice.Type("/quit");
        alice.Press("Enter");
        await alice.WaitForTextAsync(TmuxSession.ExitMarker + "0]");
    }

    private static async Task<TmuxSession> StartChatAsync(Scenario world)
    {
        var session = await TmuxSession.StartParleyAsync(world.Dir.Path, ["chat", .. world.As("alice")]);
        try
        {
            await session.WaitForTextAsync("type /help for commands");
            await session.WaitForScreenAsync(screen => screen[TmuxSession.LastUsedRow(screen)] == Prompt.TrimEnd(), "the prompt");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}
