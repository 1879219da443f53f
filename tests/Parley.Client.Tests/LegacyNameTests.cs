using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>
/// A name registered before lookalikes counted (Cyrillic "аlice" next to "alice") stays its owner's:
/// the server lists both online and routes each by its own spelling, so clients must tell them apart too.
/// </summary>
public sealed class LegacyNameTests
{
    private const string Owner = "alice";
    private const string Legacy = "\u0430lice";

    [Fact]
    public async Task A_legacy_lookalike_online_next_to_its_owner_breaks_no_session_and_each_reaches_the_other()
    {
        var ownerKey = TestIdentities.Get(6);
        var legacyKey = TestIdentities.Get(7);
        await using var bed = await TestBed.StartAsync(data =>
        {
            OldRegistry.Insert(data, Owner, Owner, ownerKey.PublicKey, registeredAt: 1_000);
            OldRegistry.Insert(data, Legacy, Legacy, legacyKey.PublicKey, registeredAt: 2_000);
        });
        bed.Seed(Owner, ownerKey);
        bed.Seed(Legacy, legacyKey);
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync(Owner);
        var legacy = await bed.ConnectAsync(Legacy);

        Assert.Equal(Legacy, (await alice.NextAsync<PeerJoinedEvent>()).Peer.Name);
        Assert.Equal([Owner, "bob"], legacy.Online.Select(p => p.Name).Order(StringComparer.Ordinal));

        var toLegacy = await alice.SendTextAsync(Legacy, "from the owner");
        var toOwner = await legacy.SendTextAsync(Owner, "from the legacy name");

        Assert.True(toLegacy.Delivered, toLegacy.Detail);
        Assert.True(toOwner.Delivered, toOwner.Detail);
        Assert.Equal(Owner, (await legacy.NextMessageAsync("from the owner")).Message.From);
        Assert.Equal(Legacy, (await alice.NextMessageAsync("from the legacy name")).Message.From);
        Assert.False(alice.IsOwnName(Legacy));
        Assert.False(legacy.IsOwnName(Owner));

        // Still connected, third party included.
        await alice.PingAsync();
        await legacy.PingAsync();
        await bob.PingAsync();
        Assert.Equal([Owner, Legacy], bob.Online.Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
