using Parley.Client.Connection;
using Parley.Protocol.Messages;

namespace Parley.Client.Video;

/// <summary>Video: listing, describing, tokenized HLS URLs, and segment streaming over this connection.</summary>
internal sealed class VideoClient(LiveConnection connection, long? readBytesPerSecond)
{
    private ReadWindow? _readWindow;

    // One per connection: the throughput it measures is the connection's.
    private ReadWindow Window => LazyInitializer.EnsureInitialized(ref _readWindow, () => ReadWindow.For(readBytesPerSecond));

    /// <summary>Every video on the server, sorted by name.</summary>
    /// <exception cref="ParleyException">The connection is gone.</exception>
    public async Task<IReadOnlyList<VideoInfo>> ListVideosAsync(CancellationToken ct)
    {
        var answer = await VideoRequestAsync(id => new ClientFrame { ListVideos = new ListVideos { RequestId = id } }, ServerFrame.BodyOneofCase.VideoList, ct).ConfigureAwait(false);
        return answer.VideoList.Videos.Select(VideoWire.Info).ToList();
    }

    /// <summary>A video and the segments of each of its ready renditions.</summary>
    /// <exception cref="VideoException">Unknown or invalid name, or nothing of it is ready.</exception>
    public async Task<VideoDetails> DescribeVideoAsync(string video, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(video);
        var answer = await VideoRequestAsync(
            id => new ClientFrame { DescribeVideo = new DescribeVideo { RequestId = id, Video = video } },
            ServerFrame.BodyOneofCase.VideoDescription,
            ct).ConfigureAwait(false);
        VideoWire.ThrowIfError(answer.VideoDescription.Code, answer.VideoDescription.Message);
        return VideoWire.Details(answer.VideoDescription);
    }

    /// <summary>
    /// A tokenized HLS master playlist URL for <paramref name="video"/>, valid for a while (an hour by default):
    /// http or https on the host this client connected to, with nothing a shell or terminal would act on (<see cref="VideoUrlRule"/>).
    /// </summary>
    /// <exception cref="VideoException">Unknown or invalid name, or the server has no HTTP endpoint.</exception>
    /// <exception cref="ParleyException">ProtocolError: the server sent a URL that breaks that rule.</exception>
    public async Task<VideoUrlGrant> RequestVideoUrlAsync(string video, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(video);
        var answer = await VideoRequestAsync(
            id => new ClientFrame { RequestVideoUrl = new RequestVideoUrl { RequestId = id, Video = video } },
            ServerFrame.BodyOneofCase.VideoUrl,
            ct).ConfigureAwait(false);
        VideoWire.ThrowIfError(answer.VideoUrl.Code, answer.VideoUrl.Message);
        if (!VideoUrlRule.TryAccept(answer.VideoUrl.Url, connection.Address.Host, connection.RemoteAddress, out var url, out var problem))
        {
            throw new ParleyException(ParleyErrorKind.ProtocolError, "the server sent a video URL this client does not use: " + problem);
        }

        var expiresAtMs = Math.Clamp(answer.VideoUrl.ExpiresAtMs, 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds());
        return new VideoUrlGrant(url, DateTimeOffset.FromUnixTimeMilliseconds(expiresAtMs));
    }

    /// <summary>
    /// Writes one whole MPEG-TS segment to <paramref name="destination"/>, fetched in chunks of 8-64 KiB
    /// with about a quarter of a second of data requested ahead (16-256 KiB, from the read cap or the measured throughput).
    /// </summary>
    /// <returns>The segment's size in bytes.</returns>
    /// <exception cref="VideoException">Unknown video, unavailable rendition, no such segment.</exception>
    public Task<long> ReadSegmentAsync(string video, int height, int index, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(video);
        ArgumentNullException.ThrowIfNull(destination);
        connection.LimitReads();
        return new SegmentReader(connection, Window).ReadAsync(video, height, index, destination, ct);
    }

    /// <summary>
    /// Writes the video's segments to <paramref name="output"/> as one continuous MPEG-TS stream,
    /// choosing the rendition of each segment per <see cref="PlaybackRequest.Quality"/>. Other
    /// traffic (chat) keeps flowing on this connection meanwhile.
    /// </summary>
    /// <exception cref="VideoException">Unknown video, unknown height (the message lists the available ones), nothing ready.</exception>
    public async Task<PlaybackResult> PlayVideoAsync(
        PlaybackRequest request,
        Stream output,
        IProgress<PlaybackProgress>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var details = await DescribeVideoAsync(request.Video, ct).ConfigureAwait(false);
        return await PlayVideoAsync(PlaybackPlan.For(details, request), output, progress, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="PlayVideoAsync(PlaybackRequest, Stream, IProgress{PlaybackProgress}?, CancellationToken)"/>, for a request
    /// already checked by <see cref="PlaybackPlan.For"/> (which is where a wrong height or start fails, before any output exists).
    /// </summary>
    /// <exception cref="VideoException">A segment was refused.</exception>
    public Task<PlaybackResult> PlayVideoAsync(
        PlaybackPlan plan,
        Stream output,
        IProgress<PlaybackProgress>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        connection.LimitReads();
        return VideoPlayback.PlayAsync(plan, new SegmentReader(connection, Window), output, progress, ct);
    }

    private async Task<ServerFrame> VideoRequestAsync(Func<ulong, ClientFrame> build, ServerFrame.BodyOneofCase expected, CancellationToken ct) =>
        VideoWire.Expect(await connection.RequestAsync(build, ct).ConfigureAwait(false), expected);
}
