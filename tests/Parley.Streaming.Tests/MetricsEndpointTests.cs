using System.Net;
using Parley.Client;
using Parley.Server.Hosting;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

/// <summary>
/// /metrics and /healthz of a real server on its HTTP port: each counter moves by what the clients did, and a second
/// server in the same process (as the other tests here run) neither adds to nor sees these counts.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private const string Video = "clip";
    private const int Height = 240;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "parley-metrics-" + Guid.NewGuid().ToString("N"));
    private ParleyServerHost? _host;

    private ParleyServerHost Host => _host ?? throw new InvalidOperationException("not initialized");

    private IPEndPoint Http => Host.HttpEndpoint ?? throw new InvalidOperationException("no HTTP endpoint");

    public async Task InitializeAsync()
    {
        await OwnServer.MakeVideoAsync(_root, Video + "_240.mp4", 426, 240, seconds: 4);
        _host = await OwnServer.StartAsync(_root);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        TempDir.DeleteQuietly(_root);
    }

    [Fact]
    public async Task Logins_sends_refusals_and_video_move_their_counters_by_what_happened()
    {
        var before = await MetricsScrape.ReadAsync(Http);
        Assert.True(Host.Videos.TryGetRendition(Video, Height, out var rendition));
        var segment = rendition.Segments[0];

        await using (var alice = await OwnServer.ConnectAsync(Host, _root, "alice"))
        await using (var bob = await OwnServer.ConnectAsync(Host, _root, "bob"))
        {
            var sent = await alice.SendTextAsync("bob", "hello bob");
            Assert.Equal(SendStatus.Delivered, sent.Status);

            // bob's client opens it and sends a delivery receipt back: two messages relayed in all.
            using var receiptDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await foreach (var incoming in alice.Events.ReadAllAsync(receiptDeadline.Token))
            {
                if (incoming is DeliveryReceiptEvent)
                {
                    break;
                }
            }

            // Another key for a taken name: refused with NAME_TAKEN.
            var refused = await Assert.ThrowsAsync<ParleyException>(() => OwnServer.ConnectAsync(Host, Path.Combine(_root, "other"), "alice"));
            Assert.Contains("belongs to another key", refused.Message, StringComparison.Ordinal);

            await bob.DescribeVideoAsync(Video);
            using var received = new MemoryStream();
            var parleyBytes = await bob.ReadSegmentAsync(Video, Height, 0, received);

            var grant = await bob.RequestVideoUrlAsync(Video);
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(grant.Url)).StatusCode);
            var hlsBytes = (await http.GetByteArrayAsync(new Uri(grant.Url, $"{Height}/{segment.FileName}"))).Length;

            // An HLS segment is counted once its response is written, which can be just after the client has read it all.
            var hlsCounted = DateTime.UtcNow + Deadline.Default;
            MetricsScrape after;
            while ((after = await MetricsScrape.ReadAsync(Http)).Value("parley_server_segment_bytes", ("transport", "hls"))
                - before.Value("parley_server_segment_bytes", ("transport", "hls")) < hlsBytes && DateTime.UtcNow < hlsCounted)
            {
                await Task.Delay(50);
            }

            double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
            var scrape = after.Text;

            Assert.True(2 == Moved("parley_server_logins", ("outcome", "OK")), scrape);
            Assert.True(1 == Moved("parley_server_logins", ("outcome", "NAME_TAKEN")), scrape);
            Assert.True(1 == Moved("parley_server_refusals", ("code", "NAME_TAKEN")), scrape);
            Assert.True(3 == Moved("parley_server_connections_opened", ("transport", "tcp")), scrape);
            Assert.True(2 == Moved("parley_server_messages_relayed"), scrape);
            Assert.True(Moved("parley_server_messages_bytes") > "hello bob".Length, scrape);
            Assert.True(1 == Moved("parley_server_video_sessions", ("transport", "parley")), scrape);
            Assert.True(1 == Moved("parley_server_video_sessions", ("transport", "hls")), scrape);
            Assert.True(parleyBytes == Moved("parley_server_segment_bytes", ("transport", "parley")), scrape);
            Assert.True(hlsBytes == Moved("parley_server_segment_bytes", ("transport", "hls")), scrape);
            Assert.Equal(segment.Bytes, hlsBytes);

            // The library packaged the one rendition before the test began; the Media meter is exported beside the server's.
            Assert.True(1 == after.Value("parley_media_packaging_jobs", ("outcome", "completed")), scrape);
        }

        // Both closed (and the refused one): nothing is open any more.
        var until = DateTime.UtcNow + Deadline.Default;
        MetricsScrape now;
        while ((now = await MetricsScrape.ReadAsync(Http)).Value("parley_server_connections_active", ("transport", "tcp")) != 0)
        {
            Assert.True(DateTime.UtcNow < until, "parley_connections_active did not return to 0: " + now.Text);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_second_server_in_the_same_process_neither_adds_to_nor_sees_the_counts()
    {
        await using var other = await Parley.Testing.TestServer.StartAsync(o => o with { HttpPort = 0 });
        var otherHttp = other.Host.HttpEndpoint!;
        await using (await OwnServer.ConnectAsync(Host, _root, "carol"))
        {
            // The login is counted just after the client hears it was accepted.
            var until = DateTime.UtcNow + Deadline.Default;
            MetricsScrape mine;
            while ((mine = await MetricsScrape.ReadAsync(Http)).Value("parley_server_logins", ("outcome", "OK")) != 1)
            {
                Assert.True(DateTime.UtcNow < until, "the login was not counted: " + mine.Text);
                await Task.Delay(50);
            }

            var theirs = await MetricsScrape.ReadAsync(otherHttp);
            Assert.True(0 == theirs.Value("parley_server_logins", ("outcome", "OK")), theirs.Text);
            Assert.True(0 == theirs.Value("parley_server_connections_opened", ("transport", "tcp")), theirs.Text);
        }
    }

    [Fact]
    public async Task Healthz_answers_ok_while_the_server_serves()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://{Http}/healthz"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}
