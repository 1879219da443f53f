using Parley.Server.Registry;
using Parley.Server.Tests.Support;

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
            var first = registry.Register("alice", "Alice", owner.Spki, owner.Fingerprint);
            var again = registry.Register("alice", "alice", owner.Spki, owner.Fingerprint);

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

        one.Register("bob", "bob", owner.Spki, owner.Fingerprint);
        var stolen = two.Register("bob", "bob", other.Spki, other.Fingerprint);

        Assert.True(stolen.Conflict);
        Assert.Equal(owner.Fingerprint, stolen.Owner.Fingerprint);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
