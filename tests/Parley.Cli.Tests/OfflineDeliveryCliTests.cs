using System.Text.RegularExpressions;
using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>
/// `parley send` to a registered name that is offline: the server queues it, send says so and exits 0; the next
/// `listen` prints it marked queued, with its date, and acknowledges it, across a restart of the real server too.
/// </summary>
public class OfflineDeliveryCliTests
{
    [Fact]
    public async Task Send_to_an_offline_name_prints_queued_exits_0_and_the_next_listen_prints_them_once()
    {
        await using var world = await Scenario.StartAsync();
        await RegisterAsync(world, "bob");

        var first = await world.SendAsync("alice", "bob", "first");
        var second = await world.SendAsync("alice", "bob", "second");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Empty(first.Stderr);
        Assert.Equal("queued for bob: they are offline; the server keeps the message until they next log in", Assert.Single(first.Stdout));
        Assert.Equal(0, second.ExitCode);
        var listen = await world.ListenAsync("bob", "--count", "2");
        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        Assert.Equal(2, listen.StdoutLines.Count);
        Assert.Matches(new Regex(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] alice \(queued\): first$"), listen.StdoutLines[0]);
        Assert.Matches(new Regex(@"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] alice \(queued\): second$"), listen.StdoutLines[1]);

        // Acknowledged: the next listen gets nothing more (exit 3: --count not reached in time).
        var again = await world.RunAsync(["listen", .. world.As("bob"), "--count", "1", "--timeout", "3"]);
        Assert.Equal(3, again.ExitCode);
        Assert.Empty(again.Stdout);
        Assert.DoesNotContain(again.Stderr, line => line.Contains("rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_queued_before_a_server_restart_is_delivered_after_it()
    {
        await using var world = await Scenario.StartAsync();
        await RegisterAsync(world, "bob");
        var before = DateTimeOffset.UtcNow;
        var send = await world.SendAsync("alice", "bob", "sent before the restart");
        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.StartsWith("queued for bob", Assert.Single(send.Stdout), StringComparison.Ordinal);

        await world.Server.RestartAsync();

        var listen = await world.ListenAsync("bob", "--count", "1", "--json");
        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        var message = Scenario.Json(Assert.Single(listen.StdoutLines));
        Assert.Equal(("alice", "sent before the restart"), (message.GetProperty("from").GetString(), message.GetProperty("text").GetString()));
        // When it was stored, by this machine's clock: its arrival less the whole seconds it waited (the restart's).
        Assert.InRange(message.GetProperty("queuedAt").GetDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Listen_count_1_run_three_times_over_a_backlog_of_three_prints_each_message_once_in_order()
    {
        await using var world = await Scenario.StartAsync();
        await RegisterAsync(world, "bob");
        foreach (var text in (string[])["one", "two", "three"])
        {
            var send = await world.SendAsync("alice", "bob", text);
            Assert.True(send.ExitCode == 0, send.ToString());
        }

        // Each run gets the whole rest of the backlog and opens what arrives before it exits; what it opened but did
        // not print comes again at the next run and is printed from the copy sessions.db kept (docs/sessions.md §13).
        var printed = new List<string>();
        for (var run = 0; run < 3; run++)
        {
            var listen = await world.ListenAsync("bob", "--count", "1");
            Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
            printed.Add(Assert.Single(listen.StdoutLines));
            Assert.DoesNotContain(listen.StderrLines, line => line.Contains("rejected", StringComparison.Ordinal));
        }

        Assert.Collection(
            printed,
            line => Assert.EndsWith("alice (queued): one", line, StringComparison.Ordinal),
            line => Assert.EndsWith("alice (queued): two", line, StringComparison.Ordinal),
            line => Assert.EndsWith("alice (queued): three", line, StringComparison.Ordinal));
        var after = await world.RunAsync(["listen", .. world.As("bob"), "--count", "1", "--timeout", "3"]);
        Assert.Equal(3, after.ExitCode);
        Assert.Empty(after.Stdout);
    }

    /// <summary>Logs the name in once (registering it), then leaves.</summary>
    private static async Task RegisterAsync(Scenario world, string name)
    {
        var listen = await world.ListenAsync(name);
        listen.Signal("TERM");
        await listen.WaitForExitAsync(Deadline.Default);
    }
}
