using Parley.Cli.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Cli.Tests;

/// <summary>
/// What one registered user can put on another's terminal: a sealed sender or recipient field of
/// their choosing (refused, but quoted in the reason) and the text of a message. All of it is shown
/// escaped by listen and chat; --json keeps it exact and valid.
/// </summary>
public class HostilePeerTextTests
{
    [Fact]
    public async Task Listen_shows_a_hostile_sealed_sender_recipient_and_text_escaped()
    {
        await using var world = await Scenario.StartAsync();
        var listen = await world.ListenAsync("bob", "--count", "1");

        await SendHostileAsync(world, "bob");

        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        HostileText.AssertSafe(listen.StdoutBytes, "listen's stdout");
        HostileText.AssertSafe(listen.StderrBytes, "listen's stderr");
        Assert.Contains(HostileText.Visible, listen.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, listen.StderrLines.Count(line => line.StartsWith("parley: rejected a message from mallory:", StringComparison.Ordinal)
            && line.Contains(HostileText.Visible, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Listen_json_keeps_hostile_text_exact_in_valid_json_and_escapes_the_refusals()
    {
        await using var world = await Scenario.StartAsync();
        var listen = await world.ListenAsync("bob", "--count", "1", "--json");

        await SendHostileAsync(world, "bob");

        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        var message = Assert.Single(HostileText.AssertJsonLines(listen.StdoutBytes));
        Assert.Equal(HostileText.Text, message.GetProperty("text").GetString());
        HostileText.AssertSafe(listen.StdoutBytes, "listen --json's stdout");
        HostileText.AssertSafe(listen.StderrBytes, "listen --json's stderr");
    }

    [Fact]
    public async Task Chat_shows_a_hostile_sealed_sender_recipient_and_text_escaped()
    {
        await using var world = await Scenario.StartAsync();
        var chat = await world.StartProcessAsync(withInput: true, ["chat", .. world.As("bob")]);
        await chat.WaitForStdoutAsync(line => line == "type /help for commands", "the chat's welcome");

        await SendHostileAsync(world, "bob");

        await chat.WaitForStdoutAsync(line => line.Contains("alice: x", StringComparison.Ordinal), "alice's message");
        await chat.WriteLineAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync(Deadline.Default));
        HostileText.AssertSafe(chat.StdoutBytes, "chat's output");
        HostileText.AssertSafe(chat.StderrBytes, "chat's stderr");
        Assert.Equal(2, chat.StdoutLines.Count(line => line.StartsWith("! rejected a message from mallory:", StringComparison.Ordinal)
            && line.Contains(HostileText.Visible, StringComparison.Ordinal)));
    }

    /// <summary>
    /// Mallory sends two refused messages, one sealed as from the hostile text and one sealed for it;
    /// then alice sends the hostile text as a message, which arrives after both.
    /// </summary>
    private static async Task SendHostileAsync(Scenario world, string to)
    {
        await using (var mallory = await HostilePeer.LoginAsync(world.Server.Port, "mallory"))
        {
            Assert.Equal(ErrorCode.Ok, (await mallory.SendSealedAsAsync(to, sealedSender: HostileText.Text, sealedRecipient: to, "hi")).Code);
            Assert.Equal(ErrorCode.Ok, (await mallory.SendSealedAsAsync(to, sealedSender: "mallory", sealedRecipient: HostileText.Text, "hi")).Code);
        }

        var send = await world.SendAsync("alice", to, HostileText.Text);
        Assert.True(send.ExitCode == 0, send.ToString());
    }
}
