using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

public sealed class RegistryPersistenceTests
{
    [Fact]
    public async Task Registered_names_survive_a_restart()
    {
        await using var server = await TestServer.StartAsync();
        await using (var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First))
        {
            await alice.SayGoodbyeAsync();
            await alice.ExpectClosedAsync();
        }

        await server.RestartAsync();

        Assert.True(File.Exists(Path.Combine(server.Host.Options.DataDirectory, "parley.db")));
        await using var thief = await RawClient.ConnectAsync(server.Endpoint);
        await thief.HelloAsync();
        await thief.SendLoginAsync("alice", TestIdentities.Second, presence: false);
        await thief.ExpectFatalErrorAndCloseAsync(ErrorCode.NameTaken);
        await using var owner = await RawClient.ConnectAsync(server.Endpoint);
        var accepted = await owner.LoginAsync("alice", TestIdentities.First);
        Assert.False(accepted.NewlyRegistered);
    }

    [Fact]
    public async Task Names_registered_before_lookalikes_counted_keep_working_for_their_owners()
    {
        const string CyrillicAlice = "\u0430lice";
        var root = Path.Combine(Path.GetTempPath(), "parley-server-tests-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(root, "data");
        OldRegistry.Insert(data, "alice", "alice", TestIdentities.First.PublicKey, registeredAt: 1_000);
        OldRegistry.Insert(data, CyrillicAlice, CyrillicAlice, TestIdentities.Second.PublicKey, registeredAt: 2_000);
        await using var server = await TestServer.StartInAsync(root, null, ownsDirectory: true);

        await using var alice = await RawClient.ConnectAsync(server.Endpoint);
        var aliceAccepted = await alice.LoginAsync("alice", TestIdentities.First);
        await using var legacy = await RawClient.ConnectAsync(server.Endpoint);
        var legacyAccepted = await legacy.LoginAsync(CyrillicAlice, TestIdentities.Second);
        await using var carol = await RawClient.LoginAsync(server.Endpoint, "carol", TestIdentities.Third);
        var toLegacy = await carol.SendAndWaitAsync(CyrillicAlice.ToUpperInvariant(), new byte[] { 1 });
        var legacyGot = await legacy.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);
        var toAlice = await carol.SendAndWaitAsync("ａｌｉｃｅ", new byte[] { 2 });
        var aliceGot = await alice.ExpectAsync(ServerFrame.BodyOneofCase.Delivery);

        Assert.Equal(("alice", false), (aliceAccepted.Name, aliceAccepted.NewlyRegistered));
        Assert.Equal((CyrillicAlice, false), (legacyAccepted.Name, legacyAccepted.NewlyRegistered));
        Assert.Equal((ErrorCode.Ok, ErrorCode.Ok), (toLegacy.Code, toAlice.Code));
        Assert.Equal(new byte[] { 1 }, legacyGot.Delivery.Sealed.ToByteArray());
        Assert.Equal(new byte[] { 2 }, aliceGot.Delivery.Sealed.ToByteArray());

        foreach (var (attempt, owner) in new[] { ("\u0251lice", "alice"), (CyrillicAlice, CyrillicAlice) })
        {
            await using var thief = await RawClient.ConnectAsync(server.Endpoint);
            await thief.HelloAsync();
            await thief.SendLoginAsync(attempt, TestIdentities.Fourth, presence: false);
            var refused = await thief.ExpectFatalErrorAndCloseAsync(ErrorCode.NameTaken);
            Assert.Contains($"'{owner}' belongs to another key", refused.Message, StringComparison.Ordinal);
        }
    }
}
