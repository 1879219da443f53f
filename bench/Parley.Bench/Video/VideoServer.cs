using System.Globalization;
using Parley.Bench.Processes;
using Parley.Client;

namespace Parley.Bench.Video;

/// <summary>
/// The Parley server child with <see cref="BenchVideo"/> in its videos folder, its HTTP (HLS) endpoint on
/// a free port, and a client home whose identities the scenarios log in with (one RSA key shared by
/// every viewer name, so a ramp to hundreds of viewers does not spend minutes generating keys).
/// </summary>
internal sealed class VideoServer : IAsyncDisposable
{
    private readonly string _home;

    private VideoServer(ParleyServerProcess process, string home)
    {
        Process = process;
        _home = home;
    }

    public ParleyServerProcess Process { get; }

    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Process.Endpoint.Port}");

    /// <summary>Where the server packaged the rendition: the segment files nginx serves too.</summary>
    public string RenditionDirectory(int height) =>
        Path.Combine(Process.DataDirectory, "media", BenchVideo.Name, height.ToString(CultureInfo.InvariantCulture));

    /// <param name="build">The server build to run; this bench's own when null.</param>
    /// <param name="insecure">Plain TCP: the server runs with --insecure and <see cref="ConnectAsync"/> connects without TLS.</param>
    public static async Task<VideoServer> StartAsync(int videoSeconds, TimeSpan maxLifetime, CancellationToken ct, ServerBuild? build = null, bool insecure = false)
    {
        var cache = await BenchVideo.EnsureAsync(videoSeconds, ct);
        var variant = insecure ? ParleyVariant.Default.AsInsecure() : ParleyVariant.Default;
        var process = await ParleyServerProcess.StartAsync(variant, maxLifetime, ct, data => BenchVideo.CopyInto(cache, data), build);
        var server = new VideoServer(process, Directory.CreateTempSubdirectory("parley-bench-home-").FullName);
        try
        {
            await server.WaitUntilReadyAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh connection, logged in (presence off) as <paramref name="name"/>, reading at most <paramref name="readBytesPerSecond"/> when given.</summary>
    public Task<ParleyClient> ConnectAsync(string name, CancellationToken ct, long? readBytesPerSecond = null) =>
        ParleyClient.ConnectAsync(
            new ParleyClientOptions
            {
                Server = Address,
                Name = name,
                Home = _home,
                Presence = false,
                ConnectTimeout = TimeSpan.FromSeconds(60),
                ReadBytesPerSecond = readBytesPerSecond,
                Insecure = Process.Insecure,
            },
            ct);

    /// <summary>Gives <paramref name="name"/> the identity of "viewer-0" (created on first use) so its login needs no key generation.</summary>
    public void ShareIdentity(string name)
    {
        var store = new IdentityStore(_home);
        using (store.LoadOrCreate("viewer-0"))
        {
        }

        var folder = store.FolderOf(name);
        if (File.Exists(Path.Combine(folder, "identity.pem")))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "name.txt"), name + "\n");
        File.Copy(Path.Combine(store.FolderOf("viewer-0"), "identity.pem"), Path.Combine(folder, "identity.pem"));
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a benchmark for.
        }
    }

    /// <summary>Waits until DescribeVideo lists segments for every rendition (the server packages them at start).</summary>
    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        ShareIdentity("bench-admin");
        await using var client = await ConnectAsync("bench-admin", ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                var details = await client.DescribeVideoAsync(BenchVideo.Name, ct);
                if (details.Renditions.Count(r => r.Segments.Count > 0) == BenchVideo.Renditions.Count)
                {
                    return;
                }
            }
            catch (VideoException) when (DateTime.UtcNow < deadline)
            {
                // Not packaged yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the Parley server did not package the bench video within 3 minutes");
            }

            await Task.Delay(250, ct);
        }
    }
}
