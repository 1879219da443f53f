using Parley.Protocol.Messages;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests;

public sealed class InvalidNameTests
{
    public static TheoryData<string> InvalidNames => new()
    {
        string.Empty,
        new string('a', 91),
        "bad\u0007name",
        "zero\u200Bwidth",
        "two words",
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task A_login_with_an_invalid_name_is_refused_and_disconnected(string name)
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        await client.HelloAsync();
        await client.SendLoginAsync(name, TestIdentities.First, presence: false);

        await client.ExpectFatalErrorAndCloseAsync(ErrorCode.InvalidName);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task A_name_of_exactly_90_characters_is_accepted()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        var accepted = await client.LoginAsync(new string('a', 90), TestIdentities.First);

        Assert.Equal(90, accepted.Name.Length);
    }
}
