using Parley.Cli.Video;

namespace Parley.Cli.Tests;

public class PastableUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hls/AbC-_9xyz/demo.v2/master.m3u8")]
    [InlineData("https://[::1]:8443/hls/t~o%2Fk/a/master.m3u8?x=1&y=2#z")]
    [InlineData("http://host.example/a,b+c@d")]
    public void A_url_of_letters_digits_and_plain_url_punctuation_is_safe_to_paste(string url)
    {
        Assert.True(PastableUrl.IsSafe(url));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://127.0.0.1/a'b")]
    [InlineData("http://127.0.0.1/a\"b")]
    [InlineData("http://127.0.0.1/a b")]
    [InlineData("http://127.0.0.1/a\\b")]
    [InlineData("http://127.0.0.1/$(reboot)")]
    [InlineData("http://127.0.0.1/`id`")]
    [InlineData("http://127.0.0.1/a!b")]
    [InlineData("http://127.0.0.1/a;b")]
    [InlineData("http://127.0.0.1/a*b")]
    [InlineData("http://127.0.0.1/\u001b[2J")]
    [InlineData("http://127.0.0.1/a\nb")]
    [InlineData("http://127.0.0.1/é")]
    public void A_url_with_anything_a_shell_or_terminal_might_act_on_is_not(string url)
    {
        Assert.False(PastableUrl.IsSafe(url));
    }
}
