using Parley.Client;
using Parley.Client.Video;
using Parley.Protocol;
using Parley.Streaming.Tests.Support;

namespace Parley.Streaming.Tests;

[Collection(StreamingCollection.Name)]
public sealed class SegmentStreamingTests(StreamingServer server)
{
    [Fact]
    public async Task A_segment_read_in_chunks_is_byte_for_byte_the_packaged_file()
    {
        await using var client = await server.ConnectAsync("reader");
        Assert.True(server.Host.Videos.TryGetRendition(TestMedia.Video, 1080, out var rendition));
        var segment = rendition.Segments[1];
        Assert.True(segment.Bytes > 4 * 64 * 1024, "the segment should need several windows of chunks");

        using var received = new MemoryStream();
        var size = await client.ReadSegmentAsync(TestMedia.Video, 1080, 1, received);

        Assert.Equal(segment.Bytes, size);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(rendition.Directory, segment.FileName)), received.ToArray());
    }

    [Fact]
    public async Task Several_clients_stream_the_same_and_different_renditions_at_once()
    {
        var heights = new[] { 240, 720, 1080, 1080 };
        var clients = await Task.WhenAll(heights.Select((_, i) => server.ConnectAsync($"viewer{i}")));
        try
        {
            var played = await Task.WhenAll(heights.Select(async (height, i) =>
            {
                using var output = new MemoryStream();
                await clients[i].PlayVideoAsync(new PlaybackRequest(TestMedia.Video) { Quality = PlaybackQuality.Fixed, Height = height }, output);
                return output.ToArray();
            }));

            for (var i = 0; i < heights.Length; i++)
            {
                Assert.Equal(await PackagedBytesAsync(heights[i]), played[i]);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Thirds_takes_each_third_of_the_segments_from_a_higher_rendition()
    {
        await using var client = await server.ConnectAsync("thirds");
        using var output = new MemoryStream();

        var result = await client.PlayVideoAsync(new PlaybackRequest(TestMedia.Video) { Quality = PlaybackQuality.Thirds }, output);

        Assert.Equal([240, 240, 720, 720, 1080, 1080], result.Segments.Select(s => s.Height));
        Assert.Equal(output.Length, result.Bytes);
    }

    [Fact]
    public async Task Start_skips_the_segments_before_the_requested_time()
    {
        await using var client = await server.ConnectAsync("seeker");
        using var output = new MemoryStream();

        var result = await client.PlayVideoAsync(
            new PlaybackRequest(TestMedia.Video) { Quality = PlaybackQuality.Fixed, Height = 240, StartSeconds = 7 },
            output);

        Assert.Equal([3, 4, 5], result.Segments.Select(s => s.Index));
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(256 * 1024)]
    public async Task A_message_to_a_viewer_waits_behind_at_most_a_quarter_second_of_video_plus_one_chunk(int readBytesPerSecond)
    {
        // The "a message sent during a stream arrives within a second", as a bound on bytes
        // rather than time: the reader keeps about a quarter of a second of data requested ahead (at
        // least 16 KiB), so once the server has queued a message for the viewer, at most that much
        // video can be queued before it (one more chunk may be written while the message is
        // decrypted and handed over). The old fixed 256 KiB window let 4 to 16 times as much through.
        // At these capped rates the window is always full when the message is sent.
        var quarterSecond = Math.Max(ReadWindow.SmallestBytes, readBytesPerSecond / 4);
        long bound = quarterSecond + ReadWindow.ChunkBytesFor(quarterSecond);
        Assert.True(bound < VideoLimits.MaxWindowBytes / 2, "the bound would not tell the new window from the old");

        await using var viewer = await server.ConnectAsync($"window-viewer-{readBytesPerSecond}", readBytesPerSecond);
        await using var friend = await server.ConnectAsync($"window-friend-{readBytesPerSecond}");
        // The viewer pins the friend's key now, so the measured message needs no key lookup (whose
        // answer would queue behind the video like a chunk).
        Assert.True((await friend.SendTextAsync(viewer.Name, "hi")).Delivered);
        Assert.Equal("hi", (await NextMessageAsync(viewer).WaitAsync(TimeSpan.FromSeconds(30))).Text);

        Assert.True(server.Host.Videos.TryGetRendition(TestMedia.Video, 720, out var rendition));
        var index = Enumerable.Range(0, rendition.Segments.Count)
            .MaxBy(i => new FileInfo(Path.Combine(rendition.Directory, rendition.Segments[i].FileName)).Length);
        var segment = await File.ReadAllBytesAsync(Path.Combine(rendition.Directory, rendition.Segments[index].FileName));
        const long sendAfter = 64 * 1024;
        Assert.True(
            segment.Length - sendAfter > 2 * bound,
            $"the segment ({segment.Length} bytes) is too small to tell a message queued behind it from one that overtakes it");

        using var output = new CountingStream();
        var read = viewer.ReadSegmentAsync(TestMedia.Video, 720, index, output);
        await output.WhenWritten(sendAfter).WaitAsync(TimeSpan.FromSeconds(30));

        var sent = await friend.SendTextAsync(viewer.Name, "popcorn?");
        var atDelivery = output.Written;
        Assert.True(sent.Delivered, sent.Detail);
        var received = await NextMessageAsync(viewer).WaitAsync(TimeSpan.FromSeconds(30));
        var atArrival = output.Written;
        var total = await read.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("popcorn?", received.Text);
        Assert.True(
            atArrival - atDelivery <= bound,
            $"{atArrival - atDelivery} bytes of video reached the viewer between the message's delivery and its arrival; at most {bound} may");
        Assert.Equal(segment.Length, total);
        Assert.Equal(segment, output.ToArray());
    }

    private static async Task<ReceivedMessage> NextMessageAsync(ParleyClient client)
    {
        await foreach (var e in client.Events.ReadAllAsync())
        {
            if (e is MessageReceivedEvent message)
            {
                return message.Message;
            }
        }

        throw new InvalidOperationException("the connection closed before a message arrived");
    }

    private async Task<byte[]> PackagedBytesAsync(int height)
    {
        Assert.True(server.Host.Videos.TryGetRendition(TestMedia.Video, height, out var rendition));
        using var all = new MemoryStream();
        foreach (var segment in rendition.Segments)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(rendition.Directory, segment.FileName));
            await all.WriteAsync(bytes);
        }

        return all.ToArray();
    }
}
