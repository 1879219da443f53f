using System.Net;
using Parley.Server;
using Parley.Server.Http;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// Video URLs are signed with a key kept in the data directory: a URL handed out before a restart
/// still opens after it, and the key file is the owner's alone.
/// </summary>
public sealed class VideoUrlRestartTests : IAsyncLifetime
{
    private const string Video = "clip";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-url-restart-" + Guid.NewGuid().ToString("N"));

    private string KeyFile => Path.Combine(OwnServer.Data(_root), HlsTokenKey.FileName);

    public Task InitializeAsync() => OwnServer.MakeVideoAsync(_root, Video + "_240.mp4", 426, 240, seconds: 4);

    public Task DisposeAsync()
    {
        TempDir.DeleteQuietly(_root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_url_handed_out_before_a_restart_still_opens_the_video_after_it()
    {
        Uri url;
        await using (var first = await OwnServer.StartAsync(_root))
        {
            await using var client = await OwnServer.ConnectAsync(first, _root, "before-restart");
            url = (await client.RequestVideoUrlAsync(Video)).Url;
            Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(url));
        }

        await using var second = await OwnServer.StartAsync(_root);
        var again = OwnServer.OnPortOf(second, url);

        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(again));
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(new Uri(again, "240/index.m3u8")));
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync(new Uri(again, "240/seg_00000.ts")));
    }

    [Fact]
    public async Task The_signing_key_is_made_once_readable_by_the_owner_only_and_kept()
    {
        byte[] made;
        await using (await OwnServer.StartAsync(_root))
        {
            made = await File.ReadAllBytesAsync(KeyFile);
        }

        Assert.Equal(HlsTokenKey.KeyBytes, made.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }

        await using (await OwnServer.StartAsync(_root))
        {
            Assert.Equal(made, await File.ReadAllBytesAsync(KeyFile));
        }
    }

    [Fact]
    public async Task A_short_key_file_is_replaced_by_a_new_key_and_the_server_starts()
    {
        Directory.CreateDirectory(OwnServer.Data(_root));
        await File.WriteAllBytesAsync(KeyFile, [1, 2, 3, 4, 5]);

        await using var host = await OwnServer.StartAsync(_root);
        await using var client = await OwnServer.ConnectAsync(host, _root, "after-repair");

        Assert.Equal(HlsTokenKey.KeyBytes, (await File.ReadAllBytesAsync(KeyFile)).Length);
        Assert.Equal(HttpStatusCode.OK, await OwnServer.StatusAsync((await client.RequestVideoUrlAsync(Video)).Url));
    }

    [Fact]
    public async Task A_key_file_others_could_read_is_replaced()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        Directory.CreateDirectory(OwnServer.Data(_root));
        var exposed = new byte[HlsTokenKey.KeyBytes];
        await File.WriteAllBytesAsync(KeyFile, exposed);
        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using (await OwnServer.StartAsync(_root))
        {
            Assert.NotEqual(exposed, await File.ReadAllBytesAsync(KeyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }
    }

    [Fact]
    public async Task Asking_for_a_url_when_http_is_off_says_how_the_server_was_started()
    {
        await using var host = await OwnServer.StartAsync(_root, httpPort: -1);
        await using var client = await OwnServer.ConnectAsync(host, _root, "no-http");

        var error = await Assert.ThrowsAsync<Parley.Client.VideoException>(() => client.RequestVideoUrlAsync(Video));

        Assert.Contains("HTTP (HLS) port is off (it was started with --http-port -1)", error.Message, StringComparison.Ordinal);
    }
}
