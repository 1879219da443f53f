using System.Security.Cryptography;
using Parley.Server;
using Parley.Server.Http;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

public sealed class VideoUrlTokenTests
{
    [Fact]
    public void A_token_is_valid_for_its_video_until_it_expires()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tokens = new HlsTokens(NewKey(), TimeSpan.FromHours(1), time);
        var (token, expires) = tokens.Issue("demo", TimeSpan.FromSeconds(30), "alice");

        Assert.True(tokens.IsValid(token, "demo", out var by));
        Assert.Equal("alice", by);
        Assert.False(tokens.IsValid(token, "other", out _));

        time.Now = expires.AddSeconds(-1);
        Assert.True(tokens.IsValid(token, "demo", out _));
        time.Now = expires;
        Assert.False(tokens.IsValid(token, "demo", out _));
    }

    [Fact]
    public void Another_servers_token_is_refused()
    {
        var mine = new HlsTokens(NewKey(), TimeSpan.FromHours(1), TimeProvider.System);
        var theirs = new HlsTokens(NewKey(), TimeSpan.FromHours(1), TimeProvider.System);

        var (token, _) = theirs.Issue("demo", TimeSpan.Zero, "alice");

        Assert.False(mine.IsValid(token, "demo", out _));
    }

    [Fact]
    public void A_videos_running_time_lengthens_its_url_by_at_most_twelve_hours()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var tokens = new HlsTokens(NewKey(), TimeSpan.FromHours(1), time);

        Assert.Equal(TimeSpan.FromHours(3), tokens.LifetimeFor(TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromHours(13), tokens.LifetimeFor(TimeSpan.FromHours(100)));
        var (token, expires) = tokens.Issue("demo", TimeSpan.MaxValue, "alice");

        Assert.Equal(time.Now + TimeSpan.FromHours(13), expires);
        time.Now = expires;
        Assert.False(tokens.IsValid(token, "demo", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("AAAA")]
    public void Garbage_is_refused(string token)
    {
        var tokens = new HlsTokens(NewKey(), TimeSpan.FromHours(1), TimeProvider.System);

        Assert.False(tokens.IsValid(token, "demo", out _));
    }

    private static byte[] NewKey() => RandomNumberGenerator.GetBytes(HlsTokenKey.KeyBytes);
}
