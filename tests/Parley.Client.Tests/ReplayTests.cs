using System.Text.Json.Nodes;
using Parley.Client.Tests.Support;
using Parley.Crypto.Envelope;
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

    [Fact]
    public async Task A_message_id_another_user_spent_first_does_not_get_the_real_message_refused()
    {
        await using var bed = await TestBed.StartAsync();
        var bob = await bed.ConnectAsync("bob");
        var alice = await bed.ConnectAsync("alice");
        var mallory = await bed.ConnectAsync("mallory");
        var fromAlice = MessageIntegrityTests.Seal(bed, "alice", "bob", "the real one", DateTimeOffset.UtcNow);
        var aliceId = SealedMessage.Parser.ParseFrom(fromAlice).MessageId.ToByteArray();
        var fromMallory = Reseal.WithMessageId(
            MessageIntegrityTests.Seal(bed, "mallory", "bob", "same id, sooner", DateTimeOffset.UtcNow), aliceId, bed.KeyOf("mallory"), bed.KeyOf("bob"));

        Assert.Equal(ErrorCode.Ok, (await mallory.SendSealedAsync("bob", fromMallory)).Code);
        Assert.Equal("same id, sooner", (await bob.NextAsync<MessageReceivedEvent>()).Message.Text);
        Assert.Equal(ErrorCode.Ok, (await alice.SendSealedAsync("bob", fromAlice)).Code);
        var real = await bob.CollectUntilAsync(e => e is MessageReceivedEvent or MessageRejectedEvent);
        Assert.Equal("the real one", Assert.IsType<MessageReceivedEvent>(real[^1]).Message.Text);

        await alice.SendSealedAsync("bob", fromAlice);
        var replay = await MessageIntegrityTests.ExpectRejectedThenOnlyMarkerAsync(alice, bob);
        Assert.StartsWith("replayed:", replay.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_in_a_replay_file_from_before_senders_were_recorded_still_catch_a_replay()
    {
        await using var bed = await TestBed.StartAsync();
        var alice = await bed.ConnectAsync("alice");
        var captured = MessageIntegrityTests.Seal(bed, "alice", "bob", "pay 10 coins", DateTimeOffset.UtcNow);
        var id = Convert.ToHexStringLower(SealedMessage.Parser.ParseFrom(captured).MessageId.Span);
        var folder = bed.Seed("bob").FolderOf("bob");
        var replayFile = Path.Combine(folder, "replay.json");
        var sentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await File.WriteAllTextAsync(replayFile, $$"""{ "version": 1, "seen": [ { "id": "{{id}}", "sentAtMs": {{sentAtMs}} } ] }""");
        var bob = await bed.ConnectAsync("bob");

        Assert.Equal(ErrorCode.Ok, (await alice.SendSealedAsync("bob", captured)).Code);
        var replay = await MessageIntegrityTests.ExpectRejectedThenOnlyMarkerAsync(alice, bob);

        Assert.StartsWith("replayed:", replay.Reason, StringComparison.Ordinal);
        var fresh = MessageIntegrityTests.Seal(bed, "alice", "bob", "a new format-1 message", DateTimeOffset.UtcNow);
        Assert.Equal(ErrorCode.Ok, (await alice.SendSealedAsync("bob", fresh)).Code);
        await bob.NextMessageAsync("a new format-1 message");
        await bob.DisposeAsync();
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(replayFile))!;
        Assert.Equal(2, saved["version"]!.GetValue<int>());
        var entries = saved["seen"]!.AsArray();
        Assert.Contains(entries, e => e!["id"]!.GetValue<string>() == id && e["senderKeyId"] is null);
        Assert.Contains(entries, e => e!["senderKeyId"]?.GetValue<string>() == Convert.ToHexStringLower(bed.KeyOf("alice").PublicKey.KeyId));
    }
}
