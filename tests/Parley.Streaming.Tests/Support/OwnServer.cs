using Microsoft.Extensions.DependencyInjection;
using Parley.Client;
using Parley.Server;
using Parley.Server.Hosting;

namespace Parley.Streaming.Tests.Support;

/// <summary>
/// A server of a test's own over <c>root/videos</c> and <c>root/data</c> (Parley and HTTP ports 0), for
/// tests that restart it or set its clock; the videos are made with real ffmpeg.
/// </summary>
internal static class OwnServer
{
    private static readonly TimeSpan s_preparationTimeout = TimeSpan.FromMinutes(2);

    public static string Videos(string root) => Path.Combine(root, "videos");

    public static string Data(string root) => Path.Combine(root, "data");

    /// <summary>Writes <c>root/videos/<paramref name="file"/></c>: H.264 test pattern, a keyframe every 2 s, no audio.</summary>
    public static async Task MakeVideoAsync(string root, string file, int width, int height, double seconds, int rate = 30)
    {
        Directory.CreateDirectory(Videos(root));
        var made = await ProcessRunner.RunAsync(
            "ffmpeg",
            [
                "-v", "error", "-y",
                "-f", "lavfi", "-i", FormattableString.Invariant($"testsrc2=size={width}x{height}:rate={rate}:duration={seconds}"),
                "-vf", "setsar=1",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-g", FormattableString.Invariant($"{rate * 2}"), "-keyint_min", FormattableString.Invariant($"{rate * 2}"), "-sc_threshold", "0",
                Path.Combine(Videos(root), file),
            ]);
        Assert.True(made.ExitCode == 0, "ffmpeg could not make the test video: " + made);
    }

    /// <summary>Starts the server and waits until the library has prepared everything.</summary>
    public static async Task<ParleyServerHost> StartAsync(string root, TimeProvider? clock = null, TimeSpan? urlLifetime = null, int httpPort = 0)
    {
        var defaults = new ParleyServerOptions();
        var host = await ParleyServerHost.StartAsync(new ParleyServerOptions
        {
            Port = 0,
            HttpPort = httpPort,
            DataDirectory = Data(root),
            VideosDirectory = Videos(root),
            GenerateSampleVideos = false,
            VideoUrlLifetime = urlLifetime ?? defaults.VideoUrlLifetime,
        },
        services => services.AddSingleton(clock ?? TimeProvider.System));
        using var timeout = new CancellationTokenSource(s_preparationTimeout);
        await host.Videos.WhenIdle(timeout.Token);
        return host;
    }

    /// <param name="serverHost">How the client names the server (<c>localhost</c> sends it as TLS SNI; an address does not).</param>
    public static Task<ParleyClient> ConnectAsync(ParleyServerHost host, string root, string name, string serverHost = "127.0.0.1") =>
        ParleyClient.ConnectAsync(new ParleyClientOptions
        {
            Server = $"{serverHost}:{host.Endpoint.Port}",
            Name = name,
            Home = Path.Combine(root, "home"),
            Presence = false,
        });

    /// <summary><paramref name="url"/> pointed at <paramref name="host"/>'s HTTP port (a restarted server listens on a new one).</summary>
    public static Uri OnPortOf(ParleyServerHost host, Uri url) =>
        new UriBuilder(url) { Port = host.HttpEndpoint!.Port }.Uri;

    public static async Task<System.Net.HttpStatusCode> StatusAsync(Uri url)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        return response.StatusCode;
    }
}
