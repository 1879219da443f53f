using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>`parley chat` with its input piped: whole lines in, plain lines out.</summary>
public class ChatPlainTests
{
    [Fact]
    public async Task Piped_commands_are_run_in_order_and_a_bare_line_goes_to_the_last_recipient()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob", "--count", "2", "--json");

        var chat = await ParleyProcess.RunWithInputAsync(
            world.Dir.Path,
            "no recipient yet\n/msg bob hi from a pipe\nand a follow-up\n/nonsense\n/quit\n",
            ["chat", .. world.As("alice")]);

        Assert.True(chat.ExitCode == 0, chat.ToString());
        Assert.Contains(chat.Stdout, line => line.StartsWith("to whom?", StringComparison.Ordinal));
        Assert.Contains(chat.Stdout, line => line.EndsWith("alice -> bob: hi from a pipe", StringComparison.Ordinal));
        Assert.Contains(chat.Stdout, line => line.EndsWith("alice -> bob: and a follow-up", StringComparison.Ordinal));
        Assert.Contains("unknown command /nonsense; /help lists them", chat.Stdout);
        Assert.DoesNotContain(chat.Stdout, line => line.Contains('\u001b', StringComparison.Ordinal));
        Assert.Equal(0, await bob.WaitForExitAsync(Deadline.Default));
        Assert.Equal(
            ["hi from a pipe", "and a follow-up"],
            bob.StdoutLines.Select(line => Scenario.Json(line).GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Undeliverable_messages_are_reported_and_the_chat_goes_on()
    {
        await using var world = await Scenario.StartAsync();

        var chat = await ParleyProcess.RunWithInputAsync(
            world.Dir.Path, "/msg ghost boo\n/fingerprint\n", ["chat", .. world.As("alice")]);

        Assert.Equal(0, chat.ExitCode);
        Assert.Contains("! not delivered: nobody is registered as ghost", chat.Stdout);
        Assert.Contains($"your fingerprint (alice): {await world.FingerprintOfAsync("alice")}", chat.Stdout);
    }
}
