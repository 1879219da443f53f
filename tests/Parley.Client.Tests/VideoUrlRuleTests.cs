using System.Net;
using Parley.Client.Video;

namespace Parley.Client.Tests;

public class VideoUrlRuleTests
{
    private static readonly IPAddress Loopback = IPAddress.Loopback;

    [Theory]
    [InlineData("http://127.0.0.1:8080/hls/AbC-_9/demo/master.m3u8", "127.0.0.1")]
    [InlineData("https://127.0.0.1/hls/t/demo/master.m3u8", "127.0.0.1")]
    [InlineData("http://127.0.0.1:8080/hls/t/demo/master.m3u8", "localhost")]
    [InlineData("http://LOCALHOST:8080/hls/t/demo/master.m3u8", "localhost")]
    [InlineData("http://127.0.0.1:8080/hls/$(x)/demo/master.m3u8", "127.0.0.1")]
    public void An_http_url_on_the_connected_host_is_accepted(string url, string connectedHost)
    {
        Assert.True(VideoUrlRule.TryAccept(url, connectedHost, Loopback, out var accepted, out var problem), problem);
        Assert.Equal(url, accepted.OriginalString);
    }

    [Fact]
    public void An_ipv6_url_is_accepted_on_the_ipv6_address_connected_to()
    {
        Assert.True(VideoUrlRule.TryAccept("http://[::1]:8080/hls/t/v/master.m3u8", "::1", IPAddress.IPv6Loopback, out _, out var problem), problem);
        Assert.True(VideoUrlRule.TryAccept("http://127.0.0.1:8080/hls/t/v/master.m3u8", "127.0.0.1", IPAddress.Parse("::ffff:127.0.0.1"), out _, out problem), problem);
    }

    [Theory]
    [InlineData("http://evil.example:8080/hls/t/v/master.m3u8", "it points to evil.example, not to 127.0.0.1")]
    [InlineData("http://127.0.0.2:8080/hls/t/v/master.m3u8", "it points to 127.0.0.2, not to 127.0.0.1")]
    [InlineData("http://127.0.0.1@evil.example/hls/t/v/master.m3u8", "it carries a user name or password")]
    [InlineData("http://user:pw@127.0.0.1/hls/t/v/master.m3u8", "it carries a user name or password")]
    [InlineData("file:///etc/passwd", "its scheme is file, not http or https")]
    [InlineData("javascript:alert(1)", "its scheme is javascript, not http or https")]
    [InlineData("hls/t/v/master.m3u8", "it is not an absolute URL")]
    [InlineData("http://127.0.0.1/a'b", "it holds a quote")]
    [InlineData("http://127.0.0.1/a\"b", "it holds a quote")]
    [InlineData("http://127.0.0.1/a b", "it holds a quote")]
    [InlineData("http://127.0.0.1/a\u001b[2Jb", "it holds a quote")]
    [InlineData("http://127.0.0.1/a\u0007b", "it holds a quote")]
    [InlineData("http://127.0.0.1/a\u009bb", "it holds a quote")]
    [InlineData("http://127.0.0.1/a\rb", "it holds a quote")]
    [InlineData("http://127.0.0.1/\u202eb", "it holds a quote")]
    [InlineData("http://127.0.0.1/a\\b", "it holds a quote")]
    [InlineData("http://127.0.0.1/a`b", "it holds a quote")]
    [InlineData("", "it is not an absolute URL")]
    public void Any_other_url_is_refused_with_the_reason(string url, string reason)
    {
        Assert.False(VideoUrlRule.TryAccept(url, "127.0.0.1", Loopback, out _, out var problem));
        Assert.StartsWith(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_longer_than_the_limit_is_refused()
    {
        var url = "http://127.0.0.1/" + new string('a', VideoUrlRule.MaxLength);

        Assert.False(VideoUrlRule.TryAccept(url, "127.0.0.1", Loopback, out _, out var problem));
        Assert.Equal($"it is longer than {VideoUrlRule.MaxLength} characters", problem);
    }
}
