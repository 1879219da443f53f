using Parley.Protocol.Messages;
using Parley.Server.Tests.Support;

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
}
