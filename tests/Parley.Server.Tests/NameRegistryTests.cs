using Parley.Server.Registry;

namespace Parley.Server.Tests;

public sealed class NameRegistryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-registry-" + Guid.NewGuid().ToString("N"));

    public NameRegistryTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public void The_first_key_owns_a_name_and_a_reopened_registry_remembers_it()
    {
        var owner = TestIdentities.First.PublicKey;
        using (var registry = NameRegistry.Open(_directory))
        {
            var first = registry.Register("Alice", owner.Spki, owner.Fingerprint);
            var again = registry.Register("alice", owner.Spki, owner.Fingerprint);

            Assert.Equal((true, false), (first.NewlyRegistered, first.Conflict));
            Assert.Equal((false, false, "Alice"), (again.NewlyRegistered, again.Conflict, again.Owner.Name));
        }

        using var reopened = NameRegistry.Open(_directory);
        var stored = reopened.Find("alice");
        Assert.NotNull(stored);
        Assert.Equal("Alice", stored.Name);
        Assert.Equal(owner.Fingerprint, stored.Fingerprint);
        Assert.True(stored.IsOwnedBy(owner.Spki));
        Assert.InRange(stored.RegisteredAt, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void A_second_registry_on_the_same_file_cannot_take_a_name_the_first_registered_later()
    {
        var owner = TestIdentities.First.PublicKey;
        var other = TestIdentities.Second.PublicKey;
        using var one = NameRegistry.Open(_directory);
        using var two = NameRegistry.Open(_directory);

        one.Register("bob", owner.Spki, owner.Fingerprint);
        var stolen = two.Register("bob", other.Spki, other.Fingerprint);

        Assert.True(stolen.Conflict);
        Assert.Equal(owner.Fingerprint, stolen.Owner.Fingerprint);
    }

    [Fact]
    public void Names_registered_to_keys_the_rules_now_refuse_are_listed_and_still_theirs()
    {
        var weak = CraftedKeys.BadKeys["e = 3"];
        OldRegistry.Insert(_directory, "weak", "weak", weak, "0000-0000-0000-0000-0000-0000-0000-0000", registeredAt: 1_000);
        OldRegistry.Insert(_directory, "alice", "alice", TestIdentities.First.PublicKey, registeredAt: 2_000);

        using var registry = NameRegistry.Open(_directory);

        Assert.Equal("weak", Assert.Single(registry.NamesWithUnusableKeys).Name);
        Assert.True(registry.Find("weak")!.IsOwnedBy(weak));
    }

    [Fact]
    public void A_registry_from_before_lookalikes_counted_is_rekeyed_and_the_later_of_two_colliding_names_becomes_legacy()
    {
        var alice = TestIdentities.First.PublicKey;
        var cyrillic = TestIdentities.Second.PublicKey;
        const string CyrillicAlice = "\u0430lice";
        OldRegistry.Insert(_directory, "alice", "alice", alice, registeredAt: 1_000);
        OldRegistry.Insert(_directory, CyrillicAlice, CyrillicAlice, cyrillic, registeredAt: 2_000);
        OldRegistry.Insert(_directory, "mallory", "Mallory", TestIdentities.Third.PublicKey, registeredAt: 3_000);

        using (var registry = NameRegistry.Open(_directory))
        {
            Assert.Equal(3, registry.Count);
            var (legacy, owner) = Assert.Single(registry.LegacyNames);
            Assert.Equal((CyrillicAlice, "alice"), (legacy.Name, owner.Name));
            Assert.True(registry.Find(CyrillicAlice)!.IsOwnedBy(cyrillic.Spki));
            Assert.True(registry.Find("ａｌｉｃｅ")!.IsOwnedBy(alice.Spki));
            Assert.Equal("Mallory", registry.Find("rnallory")!.Name);
        }

        Assert.Equal(
            [NameRegistry.LegacyKeyPrefix + CyrillicAlice, "alice", "rnallory"],
            OldRegistry.StoredKeys(_directory));
        using var reopened = NameRegistry.Open(_directory);
        Assert.Single(reopened.LegacyNames);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
