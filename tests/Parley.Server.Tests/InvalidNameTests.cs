using Parley.Protocol.Messages;

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

    [Theory]
    [InlineData("p\u0430ypal", "Latin and Cyrillic")]
    [InlineData("Ωmega", "Greek and Latin")]
    public async Task A_new_name_mixing_scripts_is_refused_with_the_reason(string name, string scripts)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        await client.HelloAsync();
        await client.SendLoginAsync(name, TestIdentities.First, presence: false);
        var error = await client.ExpectFatalErrorAndCloseAsync(ErrorCode.InvalidName);

        Assert.Contains("one script", error.Message, StringComparison.Ordinal);
        Assert.Contains(scripts, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("山田tarō")]
    [InlineData("東京tokyoとうきょう")]
    [InlineData("한국korea")]
    public async Task A_new_name_mixing_latin_with_han_kana_or_hangul_is_accepted(string name)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        var accepted = await client.LoginAsync(name, TestIdentities.First);

        Assert.True(accepted.NewlyRegistered);
        Assert.Equal(name, accepted.Name);
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
