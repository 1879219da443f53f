using Parley.Client;
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

    [Fact]
    public async Task Chat_messages_arrive_while_a_video_streams_on_the_same_connection()
    {
        // Read at 1 MB/s so the 1080p stream (about 5 MB) lasts several seconds.
        await using var viewer = await server.ConnectAsync("chatty-viewer", readBytesPerSecond: 1_000_000);
        await using var friend = await server.ConnectAsync("chatty-friend");
        using var output = new MemoryStream();
        var progressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = viewer.PlayVideoAsync(
            new PlaybackRequest(TestMedia.Video) { Quality = PlaybackQuality.Fixed, Height = 1080 },
            output,
            new Progress<PlaybackProgress>(_ => progressed.TrySetResult()));
        await progressed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(stream.IsCompleted, "the stream should still be running");

        var sent = await friend.SendTextAsync("chatty-viewer", "still there?");
        Assert.True(sent.Delivered, sent.Detail);
        var received = await NextMessageAsync(viewer).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("still there?", received.Text);
        Assert.False(stream.IsCompleted, "the message should not have waited for the end of the stream");
        await stream;
        Assert.Equal(await PackagedBytesAsync(1080), output.ToArray());
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
