using System.Text.Json.Nodes;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>What a pin is (the whole key), where it applies (one server), and what it remembers (verified).</summary>
public sealed class PinningTests
{
    [Fact]
    public async Task The_same_name_on_two_servers_is_two_peers_and_neither_key_is_a_change()
    {
        await using var bed = await TestBed.StartAsync();
        await using var otherServer = await TestServer.StartAsync();
        var bobHere = await bed.ConnectAsync("bob", presence: false);
        bed.Seed("bob", bed.KeyOf("other-bob"), bed.HomeOf("other-bob"));
        var bobThere = await bed.ConnectAsync("bob", presence: false, otherServer.Address, bed.HomeOf("other-bob"));
        var aliceHere = await bed.ConnectAsync("alice", presence: false);
        Assert.True((await aliceHere.SendTextAsync("bob", "hello bob here")).Delivered);

        var aliceThere = await bed.ConnectAsync("alice", presence: false, otherServer.Address);
        var outcome = await aliceThere.SendTextAsync("bob", "hello bob there");
        await aliceThere.PingAsync();

        Assert.True(outcome.Delivered, outcome.Detail);
        Assert.Equal("hello bob there", (await bobThere.NextMessageAsync("hello bob there")).Message.Text);
        Assert.Equal(bobThere.Fingerprint, aliceThere.KnownPeers.PinnedFingerprint("bob"));
        Assert.Equal(bobHere.Fingerprint, aliceHere.KnownPeers.PinnedFingerprint("bob"));
        Assert.Equal(PinStatus.Matches, (await aliceHere.LookupAsync("bob"))!.Pin);
        Assert.False(aliceThere.Events.TryPeek(out var first) && first is KeyChangedEvent, "no KEY CHANGED on the second server");
    }

    [Fact]
    public async Task A_pin_is_the_whole_key_so_another_key_under_the_pinned_fingerprint_is_a_change()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var first = await bed.ConnectAsync("alice", presence: false);
        Assert.True((await first.SendTextAsync("bob", "pinning")).Delivered);
        await first.DisposeAsync();

        // The pin file now holds a different key, labelled with bob's fingerprint.
        var file = PinFileOf(bed, "alice");
        var pins = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        var entry = Assert.Single(Objects(pins), o => (string?)o["fingerprint"] == bob.Fingerprint);
        entry["publicKey"] = Convert.ToBase64String(bed.KeyOf("carol").PublicKey.Spki);
        await File.WriteAllTextAsync(file, pins.ToJsonString());

        var alice = await bed.ConnectAsync("alice", presence: false);
        var presented = await alice.LookupAsync("bob");
        var outcome = await alice.SendTextAsync("bob", "to the key bob has");

        Assert.Equal(PinStatus.Changed, presented!.Pin);
        Assert.Equal(SendStatus.KeyChanged, outcome.Status);
        Assert.Equal(bed.KeyOf("carol").Fingerprint, alice.KnownPeers.PinnedFingerprint("bob"));
    }

    [Fact]
    public async Task Pins_of_a_version_1_file_apply_on_every_server_and_no_login_takes_them_away()
    {
        await using var bed = await TestBed.StartAsync();
        await using var otherServer = await TestServer.StartAsync();
        await bed.ConnectAsync("bob", presence: false);
        await bed.ConnectAsync("bob", presence: false, otherServer.Address);
        bed.Seed("alice");
        var impostorKey = bed.KeyOf("impostor").PublicKey;
        var file = PinFileOf(bed, "alice");
        var legacy = new JsonObject
        {
            ["version"] = 1,
            ["peers"] = new JsonObject
            {
                ["bob"] = new JsonObject
                {
                    ["name"] = "bob",
                    ["publicKey"] = Convert.ToBase64String(impostorKey.Spki),
                    ["fingerprint"] = impostorKey.Fingerprint,
                    ["pinnedAt"] = "2025-01-01T00:00:00+00:00",
                },
            },
        };
        await File.WriteAllTextAsync(file, legacy.ToJsonString());

        var alice = await bed.ConnectAsync("alice", presence: false);
        var aliceElsewhere = await bed.ConnectAsync("alice", presence: false, otherServer.Address);
        var outcome = await alice.SendTextAsync("bob", "here");
        var outcomeElsewhere = await aliceElsewhere.SendTextAsync("bob", "there");

        Assert.Equal(SendStatus.KeyChanged, outcome.Status);
        Assert.Equal(SendStatus.KeyChanged, outcomeElsewhere.Status);
        Assert.Equal(PinStatus.Changed, (await alice.LookupAsync("bob"))!.Pin);
        Assert.Equal(PinStatus.Changed, (await aliceElsewhere.LookupAsync("bob"))!.Pin);
        Assert.Equal(impostorKey.Fingerprint, alice.KnownPeers.PinnedFingerprint("bob"));
        Assert.Equal(impostorKey.Fingerprint, Assert.Single(aliceElsewhere.KnownPeers.List()).Fingerprint);
        var kept = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.Equal(Convert.ToBase64String(impostorKey.Spki), (string?)kept["peers"]!["bob"]!["publicKey"]);
    }

    [Fact]
    public async Task Pinning_a_shown_key_writes_it_to_the_pin_file()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");

        var shown = Assert.Single(alice.Online);
        Assert.Equal(PinStatus.FirstSeen, shown.Pin);
        var pinned = alice.PinIfNew(shown);

        Assert.Equal(PinStatus.FirstSeen, pinned.Pin);
        Assert.Equal(bed.KeyOf("bob").PublicKey.Spki, alice.KnownPeers.PinnedKey("bob"));
        var file = JsonNode.Parse(await File.ReadAllTextAsync(PinFileOf(bed, "alice")))!;
        Assert.Contains(Convert.ToBase64String(bed.KeyOf("bob").PublicKey.Spki), Objects(file).Select(o => (string?)o["publicKey"]));
        Assert.Equal(PinStatus.Matches, Assert.Single(alice.Online).Pin);
        Assert.Equal(PinStatus.Matches, alice.PinIfNew(Assert.Single(alice.Online)).Pin);
        Assert.Equal(bob.Fingerprint, pinned.Fingerprint);
    }

    [Fact]
    public async Task Verified_is_kept_with_the_pin_shown_with_the_peer_and_cleared_by_a_new_key()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");
        var bobKey = bed.KeyOf("bob").PublicKey;
        var newKey = bed.KeyOf("new-bob").PublicKey;

        Assert.False(alice.KnownPeers.MarkVerified("bob", bobKey.Spki));
        Assert.Equal(TrustOutcome.Pinned, alice.KnownPeers.Trust("bob", bobKey.Spki));
        Assert.True(alice.KnownPeers.MarkVerified("bob", bobKey.Spki));
        Assert.False(alice.KnownPeers.MarkVerified("bob", newKey.Spki));

        Assert.True(Assert.Single(alice.Online).Verified);
        Assert.True((await alice.LookupAsync("bob"))!.Verified);
        Assert.True(Assert.Single(alice.KnownPeers.List()).Verified);

        Assert.Equal(TrustOutcome.Replaced, alice.KnownPeers.Trust("bob", newKey.Spki, newKey.Fingerprint));
        Assert.False(Assert.Single(alice.KnownPeers.List()).Verified);
        Assert.False(alice.KnownPeers.IsVerified("bob", newKey.Spki));
        Assert.Equal(PinStatus.Changed, Assert.Single(alice.Online).Pin);
        Assert.Equal(bob.Fingerprint, Assert.Single(alice.Online).Fingerprint);
    }

    [Fact]
    public async Task Both_sides_compute_the_same_safety_number()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("Bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);

        var seenByAlice = alice.SafetyNumberWith("bob", bed.KeyOf("Bob").PublicKey.Spki);
        var seenByBob = bob.SafetyNumberWith("ALICE", bed.KeyOf("alice").PublicKey.Spki);

        Assert.Equal(seenByAlice, seenByBob);
        Assert.Matches("^[0-9]{5}( [0-9]{5}){11}$", seenByAlice);
    }

    [Fact]
    public async Task The_safety_number_is_of_the_names_as_registered_whatever_spelling_was_asked_for()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob", presence: false);
        var alice = await bed.ConnectAsync("alice", presence: false);

        var asked = await alice.LookupAsync("\uff42\uff4f\uff42");

        Assert.Equal("bob", asked!.RegisteredName);
        Assert.Equal(
            bob.SafetyNumberWith("alice", bed.KeyOf("alice").PublicKey.Spki),
            alice.SafetyNumberWith(asked.RegisteredName, asked.PublicKey));
    }

    private static string PinFileOf(TestBed bed, string name) =>
        Path.Combine(new IdentityStore(bed.HomeOf(name)).FolderOf(name), "known_peers.json");

    private static IEnumerable<JsonObject> Objects(JsonNode node) => node switch
    {
        JsonObject o => [o, .. o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Objects)],
        JsonArray a => a.OfType<JsonNode>().SelectMany(Objects),
        _ => [],
    };
}
