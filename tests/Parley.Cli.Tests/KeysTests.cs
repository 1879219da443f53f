using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

public class KeysTests
{
    [Fact]
    public async Task Keys_fingerprint_creates_the_key_once_and_prints_the_same_fingerprint_after()
    {
        using var dir = new TempDir();
        string[] args = ["keys", "fingerprint", "--name", "alice", "--home", dir.Sub("home")];

        var first = await ParleyProcess.RunAsync(dir.Path, args);
        var second = await ParleyProcess.RunAsync(dir.Path, args);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(0, second.ExitCode);
        var fingerprint = Assert.Single(first.Stdout);
        Assert.Matches("^[0-9a-f]{4}(-[0-9a-f]{4}){7}$", fingerprint);
        Assert.Equal(fingerprint, Assert.Single(second.Stdout));
        Assert.Contains(first.Stderr, line => line.StartsWith("created a new key for alice", StringComparison.Ordinal));
        Assert.Empty(second.Stderr);
    }

    [Fact]
    public async Task Trusting_your_own_name_is_refused_and_pins_nothing()
    {
        await using var world = await Scenario.StartAsync();

        var trust = await world.RunAsync(["keys", "trust", "Ａｌｉｃｅ", .. world.As("alice")]);

        Assert.Equal(1, trust.ExitCode);
        Assert.Equal("parley: Ａｌｉｃｅ is you: your own key is not pinned, it is in your home folder", Assert.Single(trust.Stderr));
        Assert.DoesNotContain(
            Directory.EnumerateFiles(world.HomeOf("alice"), "known_peers.json", SearchOption.AllDirectories)
                .Select(File.ReadAllText),
            pins => pins.Contains("\"alice\"", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Different_homes_hold_different_keys_for_the_same_name()
    {
        using var dir = new TempDir();

        var one = await ParleyProcess.RunAsync(dir.Path, "keys", "fingerprint", "--name", "alice", "--home", dir.Sub("one"));
        var two = await ParleyProcess.RunAsync(dir.Path, "keys", "fingerprint", "--name", "alice", "--home", dir.Sub("two"));

        Assert.NotEqual(Assert.Single(one.Stdout), Assert.Single(two.Stdout));
    }

    [Fact]
    public async Task The_key_fingerprint_matches_what_the_server_shows_others()
    {
        await using var world = await Scenario.StartAsync();
        var fingerprint = await world.FingerprintOfAsync("bob");
        var bob = await world.ListenAsync("bob");

        var who = await world.RunAsync(["who", .. world.As("alice"), "--json"]);

        Assert.Equal(fingerprint, Scenario.Json(Assert.Single(who.Stdout)).GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task A_name_registered_by_another_homes_key_is_refused_with_one_line()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob", "--count", "1");
        Assert.Equal(0, (await world.SendAsync("alice", "bob", "hi")).ExitCode);

        var impostor = await world.RunAsync(["send", .. world.As("alice", home: world.Dir.Sub("impostor")), "--to", "bob", "it's me"]);

        Assert.Equal(1, impostor.ExitCode);
        var error = Assert.Single(impostor.Stderr);
        Assert.StartsWith("parley: ", error, StringComparison.Ordinal);
        Assert.Contains("NAME_TAKEN", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_key_is_refused_until_trusted_with_the_matching_fingerprint()
    {
        await using var world = await Scenario.StartAsync();
        await using var proxy = new FrameProxy(world.Server.Port, world.Server.Certificate);
        string[] alice = ["--server", proxy.Address, "--name", "alice", "--home", world.HomeOf("alice")];
        var first = await world.ListenAsync("bob", "--count", "1");
        Assert.Equal(0, (await world.RunAsync(["send", .. alice, "--to", "bob", "hello old bob"])).ExitCode);
        Assert.Equal(0, await first.WaitForExitAsync(Deadline.Default));
        var oldFingerprint = await world.FingerprintOfAsync("bob");

        // The same address now leads to a server that forgot its registrations (a new data
        // folder), and bob comes back with a new key.
        TestTls.CopyIdentity(world.Server.DataDirectory, world.Dir.Sub("data-2")); // the same server to clients, another registry
        await using var server = await ServerProcess.StartAsync(world.Dir.Path, "--data", world.Dir.Sub("data-2"));
        proxy.UpstreamPort = server.Port;
        string[] newBob = ["--server", proxy.Address, "--name", "bob", "--home", world.Dir.Sub("new-bob-home")];
        var newFingerprint = Assert.Single((await world.RunAsync("keys", "fingerprint", "--name", "bob", "--home", world.Dir.Sub("new-bob-home"))).Stdout);
        var listen = await world.StartProcessAsync(["listen", .. newBob, "--count", "1", "--json"]);
        await listen.WaitForStderrAsync(line => line == "listening as bob", "'listening as bob'");

        var refused = await world.RunAsync(["send", .. alice, "--to", "bob", "secret"]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("key changed", Assert.Single(refused.Stderr), StringComparison.Ordinal);

        var blind = await world.RunAsync(["keys", "trust", "bob", .. alice]);
        Assert.Equal(1, blind.ExitCode);
        var refusal = Assert.Single(blind.Stderr);
        Assert.Contains($"pinned {oldFingerprint}, now presented {newFingerprint}", refusal, StringComparison.Ordinal);
        Assert.Contains($"'parley keys trust bob --fingerprint {newFingerprint}'", refusal, StringComparison.Ordinal);
        Assert.Equal(1, (await world.RunAsync(["send", .. alice, "--to", "bob", "still refused"])).ExitCode);

        var wrong = await world.RunAsync(["keys", "trust", "bob", .. alice, "--fingerprint", "0000-0000-0000-0000-0000-0000-0000-0000"]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Single(wrong.Stderr);

        var trust = await world.RunAsync(["keys", "trust", "bob", .. alice, "--fingerprint", newFingerprint]);
        Assert.True(trust.ExitCode == 0, trust.ToString());
        Assert.Contains(newFingerprint, Assert.Single(trust.Stdout), StringComparison.Ordinal);

        Assert.Equal(0, (await world.RunAsync(["send", .. alice, "--to", "bob", "secret"])).ExitCode);
        Assert.Equal(0, await listen.WaitForExitAsync(Deadline.Default));
        Assert.Equal("secret", Scenario.Json(Assert.Single(listen.StdoutLines)).GetProperty("text").GetString());
    }
}
