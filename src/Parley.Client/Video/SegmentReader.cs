using System.Diagnostics;
using System.Globalization;
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
    private const int StartingServerRetries = 5;
    private static readonly TimeSpan s_rateLimitedPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan s_startingServerPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_startingServerMaxPause = TimeSpan.FromSeconds(2);

    // The connection the video was described on; a later one means the client reconnected since.
    private readonly int _firstGeneration = channel.Generation;

    /// <summary>True once the client has reconnected since this reader was made (the server may have restarted).</summary>
    public bool Reconnected => channel.Generation != _firstGeneration;

    /// <returns>The segment's size in bytes, all of them written to <paramref name="destination"/> in order.</returns>
    /// <remarks>
    /// When the connection is lost and the client reconnects, reading resumes on the new connection at the
    /// byte where it stopped (FetchSegment's offset): nothing is written twice and the destination stays open.
    /// </remarks>
    /// <remarks>
    /// A server that has just started may not have scanned its videos yet: it answers SERVER_BUSY (an older one answers
    /// UNKNOWN_VIDEO or RENDITION_UNAVAILABLE, which after a reconnect means the same). Such answers are asked again
    /// a few times over a few seconds before the reader gives up.
    /// </remarks>
    /// <exception cref="VideoException">The server refused (unknown video, unavailable rendition, no such segment...).</exception>
    /// <exception cref="ParleyException">Disconnected, and the client is not coming back.</exception>
    public async Task<long> ReadAsync(string video, int height, int index, Stream destination, CancellationToken ct)
    {
        var progress = new Progress();
        var startingServerRetries = 0;
        var firstStartingAnswer = 0L;
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
            catch (VideoException ex) when (MayBeStartingServer(ex))
            {
                if (startingServerRetries == 0)
                {
                    firstStartingAnswer = Stopwatch.GetTimestamp();
                }

                if (++startingServerRetries > StartingServerRetries)
                {
                    throw GaveUpOnStartingServer(video, ex, startingServerRetries - 1, Stopwatch.GetElapsedTime(firstStartingAnswer));
                }

                var pause = s_startingServerPause * Math.Pow(2, startingServerRetries - 1);
                await Task.Delay(pause < s_startingServerMaxPause ? pause : s_startingServerMaxPause, ct).ConfigureAwait(false);
            }
        }
    }

    private bool MayBeStartingServer(VideoException answer) =>
        answer.Error == VideoError.ServerBusy
        || (Reconnected && answer.Error is VideoError.UnknownVideo or VideoError.RenditionUnavailable);

    private VideoException GaveUpOnStartingServer(string video, VideoException last, int retries, TimeSpan waited)
    {
        var asked = string.Create(CultureInfo.InvariantCulture, $"asked again {retries} times over {waited.TotalSeconds:0.#} s");
        return last.Error == VideoError.ServerBusy || !Reconnected
            ? new VideoException(last.Error, $"{last.Message} ({asked})", last)
            : new VideoException(
                last.Error,
                $"'{video}' cannot be played on since the reconnect: {last.Message} ({asked}); it may have been removed while the connection was down, or the server is still preparing it",
                last);
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
