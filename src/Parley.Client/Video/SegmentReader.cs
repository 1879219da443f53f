using System.Diagnostics;
using Parley.Client.Connection;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;

namespace Parley.Client.Video;

/// <summary>
/// Fetches one segment as FetchSegment/SegmentChunk pairs, keeping the <see cref="ReadWindow"/>'s
/// requests in flight: enough to keep the connection busy, few enough that a chat frame is never
/// queued behind more than about a quarter of a second of video.
/// </summary>
internal sealed class SegmentReader(IReconnectingChannel channel, ReadWindow window)
{
    private const int RateLimitedRetries = 100;
    private static readonly TimeSpan s_rateLimitedPause = TimeSpan.FromMilliseconds(20);

    /// <returns>The segment's size in bytes, all of them written to <paramref name="destination"/> in order.</returns>
    /// <remarks>
    /// When the connection is lost and the client reconnects, reading resumes on the new connection at the
    /// byte where it stopped (FetchSegment's offset): nothing is written twice and the destination stays open.
    /// </remarks>
    /// <exception cref="VideoException">The server refused (unknown video, unavailable rendition, no such segment...).</exception>
    /// <exception cref="ParleyException">Disconnected, and the client is not coming back.</exception>
    public async Task<long> ReadAsync(string video, int height, int index, Stream destination, CancellationToken ct)
    {
        var progress = new Progress();
        while (true)
        {
            var generation = channel.Generation;
            try
            {
                await ReadFromAsync(video, height, index, destination, progress, ct).ConfigureAwait(false);
                return progress.Total;
            }
            catch (ParleyException ex) when (ex.Kind == ParleyErrorKind.Disconnected)
            {
                if (!await channel.WaitForReconnectAsync(generation, ct).ConfigureAwait(false))
                {
                    throw;
                }
            }
        }
    }

    private async Task ReadFromAsync(string video, int height, int index, Stream destination, Progress progress, CancellationToken ct)
    {
        var inFlight = new Queue<Task<SegmentChunk>>();
        var next = progress.Written;
        try
        {
            while (progress.Total < 0 || progress.Written < progress.Total)
            {
                while (inFlight.Count < (progress.Total < 0 ? 1 : window.Requests) && (progress.Total < 0 || next < progress.Total))
                {
                    var chunkBytes = window.ChunkBytes;
                    inFlight.Enqueue(FetchAsync(video, height, index, next, chunkBytes, ct));
                    next += chunkBytes;
                }

                var chunk = await inFlight.Dequeue().ConfigureAwait(false);
                if (progress.Total < 0)
                {
                    progress.Total = (long)chunk.TotalBytes;
                }

                if ((long)chunk.Offset != progress.Written || (long)chunk.TotalBytes != progress.Total || (chunk.Data.IsEmpty && progress.Total > 0))
                {
                    throw new VideoException(
                        VideoError.Other,
                        $"segment {index} of the {height}p rendition of '{video}' changed on the server while it was read");
                }

                progress.Written += chunk.Data.Length;
                next = Math.Max(next, progress.Written);
                await WriteAndReturnAsync(chunk, destination, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var abandoned in inFlight)
            {
                _ = abandoned.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    /// <summary>The connection reads chunk data into pooled arrays; this is the data's last use, so it goes back.</summary>
    private static async ValueTask WriteAndReturnAsync(SegmentChunk chunk, Stream destination, CancellationToken ct)
    {
        await destination.WriteAsync(chunk.Data.Memory, ct).ConfigureAwait(false);
        PooledBytes.Return(chunk.Data);
    }

    private async Task<SegmentChunk> FetchAsync(string video, int height, int index, long offset, int maxBytes, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var requestedAt = Stopwatch.GetTimestamp();
            var answer = await channel.RequestAsync(
                id => new ClientFrame
                {
                    FetchSegment = new FetchSegment
                    {
                        RequestId = id,
                        Video = video,
                        Height = (uint)height,
                        Index = (uint)index,
                        Offset = (ulong)offset,
                        MaxBytes = (uint)maxBytes,
                    },
                },
                ct).ConfigureAwait(false);
            var arrivedAt = Stopwatch.GetTimestamp();
            var chunk = VideoWire.Expect(answer, ServerFrame.BodyOneofCase.SegmentChunk).SegmentChunk;
            if (chunk.Code == ErrorCode.RateLimited && attempt < RateLimitedRetries)
            {
                await Task.Delay(s_rateLimitedPause, ct).ConfigureAwait(false);
                continue;
            }

            VideoWire.ThrowIfError(chunk.Code, chunk.Message);
            window.Observe(chunk.Data.Length, requestedAt, arrivedAt);
            return chunk;
        }
    }

    /// <summary>How far a segment has been read: what a resumed read starts from.</summary>
    private sealed class Progress
    {
        public long Written { get; set; }

        public long Total { get; set; } = -1;
    }
}
