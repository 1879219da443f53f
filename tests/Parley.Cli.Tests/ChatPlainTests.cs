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
            "no recipient yet\n/msg bob hi from a pipe\nand a follow-up\n/help\n/nonsense\n/quit\n",
            ["chat", .. world.As("alice")]);

        Assert.True(chat.ExitCode == 0, chat.ToString());
        Assert.Contains(chat.Stdout, line => line.StartsWith("to whom?", StringComparison.Ordinal));
        Assert.Contains(chat.Stdout, line => line.EndsWith("alice -> bob: hi from a pipe", StringComparison.Ordinal));
        Assert.Contains(chat.Stdout, line => line.EndsWith("alice -> bob: and a follow-up", StringComparison.Ordinal));
        Assert.Contains("A line without a slash goes to the last /msg recipient (now bob).", chat.Stdout);
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

    [Fact]
    public async Task A_changed_key_is_warned_about_loudly_and_refused_until_trusted_with_its_fingerprint()
    {
        await using var world = await Scenario.StartAsync();
        await using var proxy = new FrameProxy(world.Server.Port, world.Server.Certificate);
        var oldBob = await world.ListenAsync("bob", "--count", "1");
        Assert.Equal(0, (await world.RunAsync(["send", "--server", proxy.Address, "--name", "alice", "--home", world.HomeOf("alice"), "--to", "bob", "pinning your key"])).ExitCode);
        Assert.Equal(0, await oldBob.WaitForExitAsync(Deadline.Default));
        var oldFingerprint = await world.FingerprintOfAsync("bob");

        // The same address now leads to a server that forgot its registrations, and a bob with a new key.
        TestTls.CopyIdentity(world.Server.DataDirectory, world.Dir.Sub("data-2")); // the same server to clients, another registry
        await using var server = await ServerProcess.StartAsync(world.Dir.Path, "--data", world.Dir.Sub("data-2"));
        proxy.UpstreamPort = server.Port;
        var newHome = world.Dir.Sub("new-bob-home");
        var newBob = await world.StartProcessAsync(
            ["listen", "--server", proxy.Address, "--name", "bob", "--home", newHome, "--count", "1", "--json"]);
        await newBob.WaitForStderrAsync(line => line == "listening as bob", "'listening as bob'");
        var newFingerprint = Assert.Single((await world.RunAsync("keys", "fingerprint", "--name", "bob", "--home", newHome)).Stdout);

        var chat = await world.StartProcessAsync(
            withInput: true, ["chat", "--server", proxy.Address, "--name", "alice", "--home", world.HomeOf("alice")]);
        await chat.WaitForStdoutAsync(line => line == "!!! KEY CHANGED for bob !!!", "the key change warning");
        await chat.WaitForStdoutAsync(
            line => line.EndsWith($"only if it matches, type /trust bob {newFingerprint}", StringComparison.Ordinal), "the warning's last line");
        Assert.Contains(chat.StdoutLines, line => line.Contains(oldFingerprint, StringComparison.Ordinal));

        await chat.WriteLineAsync("/msg bob are you really bob?");
        await chat.WaitForStdoutAsync(line => line.StartsWith("! not sent to bob: bob's KEY CHANGED", StringComparison.Ordinal), "the refusal");

        await chat.WriteLineAsync("/trust bob");
        await chat.WaitForStdoutAsync(
            line => line.StartsWith($"! bob's key changed: pinned {oldFingerprint}, now presented {newFingerprint}; nothing changed.", StringComparison.Ordinal)
                && line.EndsWith($"type /trust bob {newFingerprint}", StringComparison.Ordinal),
            "the refusal to trust without the fingerprint");
        await chat.WriteLineAsync("/trust bob 0000-0000-0000-0000-0000-0000-0000-0000");
        await chat.WaitForStdoutAsync(line => line.StartsWith($"! bob's key has fingerprint {newFingerprint}, not 0000-", StringComparison.Ordinal), "the wrong fingerprint");
        await chat.WriteLineAsync($"/trust bob {newFingerprint}");
        await chat.WaitForStdoutAsync(
            line => line == $"now trusting bob's new key {newFingerprint} (was {oldFingerprint})", "the new pin");
        await chat.WriteLineAsync("now we talk");
        Assert.Equal(0, await newBob.WaitForExitAsync(Deadline.Default));
        Assert.Equal("now we talk", Scenario.Json(Assert.Single(newBob.StdoutLines)).GetProperty("text").GetString());

        await chat.WriteLineAsync("/quit");
        Assert.Equal(0, await chat.WaitForExitAsync(Deadline.Default));
    }

    [Fact]
    public async Task Fingerprint_of_a_peer_seen_for_the_first_time_pins_it_as_it_says()
    {
        await using var world = await Scenario.StartAsync();
        Assert.Equal(0, (await world.RunAsync(["who", .. world.As("bob")])).ExitCode);
        var fingerprint = await world.FingerprintOfAsync("bob");

        var chat = await ParleyProcess.RunWithInputAsync(
            world.Dir.Path, "/fingerprint bob\n/fingerprint bob\n", ["chat", .. world.As("alice")]);

        Assert.True(chat.ExitCode == 0, chat.ToString());
        var shown = chat.Stdout.Where(line => line.StartsWith("bob (offline): ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                $"bob (offline): {fingerprint} (first seen, pinned now; compare it with bob)",
                $"bob (offline): {fingerprint} (matches your pin)",
            ],
            shown);
    }

    [Fact]
    public async Task Chat_with_no_reconnect_exits_1_and_says_so_when_the_server_goes_away()
    {
        await using var world = await Scenario.StartAsync();
        var chat = await world.StartProcessAsync(withInput: true, ["chat", "--no-reconnect", .. world.As("alice")]);
        await chat.WaitForStdoutAsync(line => line == "type /help for commands", "the welcome");

        await world.Server.StopAsync();

        Assert.Equal(1, await chat.WaitForExitAsync(Deadline.Default));
        Assert.Contains(chat.StdoutLines, line => line.StartsWith("! disconnected", StringComparison.Ordinal));
    }
}
