using System.Globalization;
using System.Text.RegularExpressions;
using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

public class SendAndListenTests
{
    [Fact]
    public async Task A_sent_message_is_printed_by_the_listener_as_time_sender_and_text()
    {
        await using var world = await Scenario.StartAsync();
        var listen = await world.ListenAsync("bob", "--count", "1");

        var send = await world.SendAsync("alice", "bob", "hello bob, how are you?");

        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Empty(send.Stderr);
        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        var line = Assert.Single(listen.StdoutLines);
        Assert.Matches(new Regex(@"^\[\d\d:\d\d:\d\d\] alice: hello bob, how are you\?$"), line);
    }

    [Fact]
    public async Task Listen_json_prints_one_object_per_message_with_every_field()
    {
        await using var world = await Scenario.StartAsync();
        var aliceFingerprint = await world.FingerprintOfAsync("alice");
        var listen = await world.ListenAsync("bob", "--count", "2", "--json");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        Assert.Equal(0, (await world.SendAsync("alice", "bob", "first")).ExitCode);
        Assert.Equal(0, (await world.SendAsync("alice", "bob", "second \"quoted\" ünïcode\nline two")).ExitCode);

        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        Assert.Equal(2, listen.StdoutLines.Count);
        var first = Scenario.Json(listen.StdoutLines[0]);
        var second = Scenario.Json(listen.StdoutLines[1]);
        Assert.Equal("alice", first.GetProperty("from").GetString());
        Assert.Equal("bob", first.GetProperty("to").GetString());
        Assert.Equal("first", first.GetProperty("text").GetString());
        Assert.Equal("second \"quoted\" ünïcode\nline two", second.GetProperty("text").GetString());
        Assert.Equal(aliceFingerprint, first.GetProperty("senderFingerprint").GetString());
        Assert.Matches("^[0-9a-f]{32}$", first.GetProperty("messageId").GetString());
        Assert.NotEqual(first.GetProperty("messageId").GetString(), second.GetProperty("messageId").GetString());
        var sentAt = DateTimeOffset.Parse(first.GetProperty("sentAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(sentAt, before, DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Send_with_dash_reads_the_message_from_standard_input()
    {
        await using var world = await Scenario.StartAsync();
        var listen = await world.ListenAsync("bob", "--count", "1", "--json");

        var send = await ParleyProcess.RunWithInputAsync(
            world.Dir.Path, "from a pipe\nsecond line\n", ["send", .. world.As("alice"), "--to", "bob", "-"]);

        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        Assert.Equal("from a pipe\nsecond line", Scenario.Json(Assert.Single(listen.StdoutLines)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Sender_and_listener_may_use_names_with_non_ascii_letters()
    {
        await using var world = await Scenario.StartAsync();
        var listen = await world.ListenAsync("zoë", "--count", "1", "--json");

        Assert.Equal(0, (await world.SendAsync("józef", "zoë", "cześć")).ExitCode);

        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        var message = Scenario.Json(Assert.Single(listen.StdoutLines));
        Assert.Equal("józef", message.GetProperty("from").GetString());
        Assert.Equal("cześć", message.GetProperty("text").GetString());
    }
}
