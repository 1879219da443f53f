using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>
/// `/all` in `parley chat` goes to each online peer in a pairwise session, and each delivery receipt names the message
/// it is for: its preview and send time in chat, its short id in listen. Real server, real processes.
/// </summary>
public sealed class ChatAllAndReceiptTests
{
    [Fact]
    public async Task All_reaches_everyone_online_in_their_sessions_and_each_receipt_names_the_message_it_is_for()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await StartChatAsync(world, "bob");
        var carol = await StartChatAsync(world, "carol");
        var alice = await StartChatAsync(world, "alice");

        // An escape sequence in the text stays visible, never acted on, in every line that shows it.
        await alice.WriteLineAsync("/all hello \u001b[31meveryone");

        await alice.WaitForStdoutAsync(line => line.EndsWith("alice -> everyone (2 of 2): hello ^[[31meveryone", StringComparison.Ordinal), "the fan-out line");
        await bob.WaitForStdoutAsync(line => line.EndsWith("alice: hello ^[[31meveryone", StringComparison.Ordinal), "bob's copy");
        await carol.WaitForStdoutAsync(line => line.EndsWith("alice: hello ^[[31meveryone", StringComparison.Ordinal), "carol's copy");

        // A receipt is a sealed session message: each one proves that peer opened its copy from a session with alice.
        foreach (var peer in (string[])["bob", "carol"])
        {
            var receipt = await alice.WaitForStdoutAsync(
                line => line.Contains($" {peer} opened your message \"hello ^[[31meveryone\" (sent [", StringComparison.Ordinal),
                $"{peer}'s receipt naming the message");
            Assert.StartsWith("* [", receipt, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(alice.StdoutLines, line => line.Contains('\u001b', StringComparison.Ordinal));
        foreach (var chat in (RunningProcess[])[alice, bob, carol])
        {
            await chat.WriteLineAsync("/quit");
            Assert.Equal(0, await chat.WaitForExitAsync(Deadline.Default));
        }
    }

    [Fact]
    public async Task Listen_names_the_opened_message_by_its_short_id()
    {
        await using var world = await Scenario.StartAsync();
        var alice = await world.ListenAsync("alice");
        var bob = await world.ListenAsync("bob");

        // Sent by another process of alice's: her listen gets bob's receipt but never saw the text.
        Assert.Equal(0, (await world.SendAsync("alice", "bob", "for your eyes")).ExitCode);
        await bob.WaitForStdoutAsync(line => line.EndsWith("alice: for your eyes", StringComparison.Ordinal), "bob's copy");
        var receipt = await alice.WaitForStderrAsync(line => line.Contains(" bob opened your message ", StringComparison.Ordinal), "bob's receipt");
        Assert.Matches(@"^parley: \[\d\d:\d\d:\d\d\] bob opened your message #[0-9a-f]{8}$", receipt);
    }

    private static async Task<RunningProcess> StartChatAsync(Scenario world, string name)
    {
        var chat = await world.StartProcessAsync(withInput: true, ["chat", .. world.As(name)]);
        await chat.WaitForStdoutAsync(line => line == "type /help for commands", $"{name}'s chat to be ready");
        return chat;
    }
}
