using Parley.Client.Tests.Support;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

public sealed class ReplayTests
{
    [Fact]
    public async Task The_same_sealed_bytes_are_accepted_once_and_refused_again_also_after_a_restart()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");
        var captured = MessageIntegrityTests.Seal(bed, "alice", "bob", "pay 10 coins", DateTimeOffset.UtcNow);

        Assert.Equal(ErrorCode.Ok, (await alice.SendSealedAsync("bob", captured)).Code);
        var first = (await bob.NextAsync<MessageReceivedEvent>()).Message;
        Assert.Equal("pay 10 coins", first.Text);
        await alice.SendSealedAsync("bob", captured);
        var again = await MessageIntegrityTests.ExpectRejectedThenOnlyMarkerAsync(alice, bob);
        Assert.StartsWith("replayed:", again.Reason, StringComparison.Ordinal);

        await bob.DisposeAsync();
        var replayFile = Path.Combine(new IdentityStore(bed.HomeOf("bob")).FolderOf("bob"), "replay.json");
        Assert.Contains(first.MessageId, await File.ReadAllTextAsync(replayFile), StringComparison.Ordinal);
        var restarted = await bed.ConnectAsync("bob");
        Assert.Equal(ErrorCode.Ok, (await alice.SendSealedAsync("bob", captured)).Code);
        var afterRestart = await MessageIntegrityTests.ExpectRejectedThenOnlyMarkerAsync(alice, restarted);

        Assert.StartsWith("replayed:", afterRestart.Reason, StringComparison.Ordinal);
    }
}
