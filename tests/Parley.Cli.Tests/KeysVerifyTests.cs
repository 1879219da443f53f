using System.Text.RegularExpressions;
using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

public partial class KeysVerifyTests
{
    [Fact]
    public async Task Both_sides_see_the_same_safety_number_and_marking_it_verified_shows_in_who()
    {
        await using var world = await Scenario.StartAsync();
        var bob = await world.ListenAsync("bob");
        var bobFingerprint = await world.FingerprintOfAsync("bob");

        var aliceSees = await world.RunAsync(["keys", "verify", "bob", .. world.As("alice")]);
        var bobSees = await world.RunAsync(["keys", "verify", "alice", .. world.As("bob")]);

        Assert.True(aliceSees.ExitCode == 0, aliceSees.ToString());
        Assert.True(bobSees.ExitCode == 0, bobSees.ToString());
        Assert.Equal($"bob's key {bobFingerprint} (new, pinned now)", aliceSees.Stdout[0]);
        var number = SafetyNumberIn(aliceSees);
        Assert.Matches("^[0-9]{60}$", number);
        Assert.Equal(number, SafetyNumberIn(bobSees));
        Assert.Equal("trusted", PinInWho(await world.RunAsync(["who", .. world.As("alice"), "--json"])));

        var mark = await world.RunAsync(["keys", "verify", "bob", .. world.As("alice"), "--mark"]);

        Assert.True(mark.ExitCode == 0, mark.ToString());
        Assert.Equal(number, SafetyNumberIn(mark));
        Assert.Equal("marked bob as verified", mark.Stdout[^1]);
        Assert.Equal("verified", PinInWho(await world.RunAsync(["who", .. world.As("alice"), "--json"])));
        Assert.Equal($"  bob  {bobFingerprint}  (verified)", Assert.Single((await world.RunAsync(["who", .. world.As("alice")])).Stdout));
    }

    private static string SafetyNumberIn(ProcessRun run) =>
        string.Concat(run.Stdout.Where(line => Row().IsMatch(line)).Select(line => line.Replace(" ", "", StringComparison.Ordinal)));

    private static string PinInWho(ProcessRun who)
    {
        Assert.True(who.ExitCode == 0, who.ToString());
        return Scenario.Json(Assert.Single(who.Stdout)).GetProperty("pin").GetString()!;
    }

    [GeneratedRegex("^  [0-9]{5}( [0-9]{5}){3}$")]
    private static partial Regex Row();
}
