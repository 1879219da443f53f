using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

public class WhoTests
{
    [Fact]
    public async Task Who_json_lists_every_other_online_name_with_its_fingerprint()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob");
        var carol = await world.ListenAsync("carol");

        var who = await world.RunAsync(["who", .. world.As("alice"), "--json"]);

        Assert.True(who.ExitCode == 0, who.ToString());
        var peers = who.Stdout.Select(Scenario.Json).ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["bob", "carol"], peers.Keys.Order());
        Assert.Equal(await world.FingerprintOfAsync("bob"), peers["bob"].GetProperty("fingerprint").GetString());
        Assert.Equal(await world.FingerprintOfAsync("carol"), peers["carol"].GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task Who_in_words_shows_names_and_fingerprints_and_an_empty_room()
    {
        await using var world = await Scenario.StartAsync();

        var alone = await world.RunAsync(["who", .. world.As("alice")]);
        Assert.Equal(0, alone.ExitCode);
        Assert.Equal("nobody else is online", Assert.Single(alone.Stdout));

        var bob = await world.ListenAsync("bob");
        var who = await world.RunAsync(["who", .. world.As("alice")]);
        Assert.Equal(0, who.ExitCode);
        var line = Assert.Single(who.Stdout);
        Assert.Contains("bob", line, StringComparison.Ordinal);
        Assert.Contains(await world.FingerprintOfAsync("bob"), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_pins_the_keys_it_shows_as_new_and_shows_them_trusted_after()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob");
        var fingerprint = await world.FingerprintOfAsync("bob");

        var first = await world.RunAsync(["who", .. world.As("alice"), "--json"]);
        var second = await world.RunAsync(["who", .. world.As("alice")]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("new", Scenario.Json(Assert.Single(first.Stdout)).GetProperty("pin").GetString());
        var pinFile = Assert.Single(Directory.GetFiles(world.HomeOf("alice"), "known_peers.json", SearchOption.AllDirectories));
        var pins = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(pinFile))!["servers"]![world.Server.Address]!;
        Assert.Equal(fingerprint, (string?)pins["bob"]!["fingerprint"]);
        Assert.False(string.IsNullOrEmpty((string?)pins["bob"]!["publicKey"]));
        Assert.Equal($"  bob  {fingerprint}", Assert.Single(second.Stdout));
    }
}
