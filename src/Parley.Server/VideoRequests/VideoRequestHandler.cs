using Microsoft.Extensions.Logging;
using Parley.Media;
using Parley.Media.Segments;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Metrics;
using Parley.Server.Sessions;

namespace Parley.Server.VideoRequests;

/// <summary>
/// ListVideos, DescribeVideo, FetchSegment and RequestVideoUrl for logged-in connections. Segment
/// chunks come from the shared <see cref="SegmentReader"/>: a cached segment is answered at once (a stat,
/// no read), a miss is read from disk without holding up the connection's read loop. Chunks are queued
/// like any other frame, so chat interleaves between them, and each is written into the connection
/// straight from the cached segment's memory. Right after the server starts, a request waits (off the
/// read loop, at most <see cref="LibraryLoadWait.Limit"/>) for the library's first load, so a client resuming
/// a stream on a restarted server gets its video rather than UNKNOWN_VIDEO.
/// </summary>
internal sealed class VideoRequestHandler(
    VideoResolver resolver,
    SegmentReader segments,
    IVideoUrls urls,
    LibraryLoadWait loadWait,
    ServerMetrics metrics,
    ILogger<VideoRequestHandler> logger)
{
    // A listing waits only while the first scan has found nothing yet: once it has listed the folder, every video is
    // named, ready or preparing, and a long first transcode must not hold every listing up.
    public void OnListVideos(ClientSession session, ListVideos request) =>
        AnswerOnceLoaded(session, request, AnswerList, answerableNow: resolver.Library.IsLoaded || resolver.Library.List().Count > 0);

    public void OnDescribeVideo(ClientSession session, DescribeVideo request) =>
        AnswerOnceLoaded(session, request, AnswerDescription, answerableNow: resolver.Library.IsLoaded || HasReadyRendition(request.Video));

    public void OnFetchSegment(ClientSession session, FetchSegment request)
    {
        if (Interlocked.Increment(ref session.VideoFetchesInFlight) > VideoLimits.MaxFetchesInFlight)
        {
            Interlocked.Decrement(ref session.VideoFetchesInFlight);
            session.SendOrDrop(ChunkError(
                request,
                ErrorCode.RateLimited,
                $"more than {VideoLimits.MaxFetchesInFlight} segment requests in flight; wait for answers before asking for more"));
            return;
        }

        _ = FetchAndReleaseAsync(session, request);
    }

    public void OnRequestVideoUrl(ClientSession session, RequestVideoUrl request) =>
        AnswerOnceLoaded(session, request, AnswerUrl, answerableNow: resolver.Library.IsLoaded || HasReadyRendition(request.Video));

    private bool HasReadyRendition(string name) =>
        resolver.TryFindVideo(name, out var video, out _, out _)
        && video.Renditions.Any(info => resolver.Library.TryGetRendition(video.Name, info.Height, out _));

    private void AnswerList(ClientSession session, ListVideos request)
    {
        var list = new VideoList { RequestId = request.RequestId };
        foreach (var video in resolver.Library.List())
        {
            list.Videos.Add(VideoMessages.Summary(video));
        }

        session.SendOrDrop(new ServerFrame { VideoList = list });
    }

    private void AnswerDescription(ClientSession session, DescribeVideo request)
    {
        var description = new VideoDescription { RequestId = request.RequestId };
        if (!resolver.TryFindVideo(request.Video, out var video, out var code, out var message))
        {
            description.Code = code;
            description.Message = message;
        }
        else
        {
            description.Video = VideoMessages.Summary(video);
            foreach (var info in video.Renditions)
            {
                if (resolver.Library.TryGetRendition(video.Name, info.Height, out var rendition))
                {
                    description.Renditions.Add(VideoMessages.Segments(rendition));
                }
            }

            if (description.Renditions.Count == 0 && !resolver.Library.IsLoaded)
            {
                description.Code = ErrorCode.ServerBusy;
                description.Message = VideoResolver.StillLoading;
            }
            else if (description.Renditions.Count == 0)
            {
                description.Code = ErrorCode.VideoUnavailable;
                description.Message = video.State == Parley.Media.Videos.VideoState.Unavailable
                    ? $"'{video.Name}' cannot be played: {video.Detail ?? "no rendition could be prepared"}"
                    : $"'{video.Name}' cannot be played yet: {video.Detail ?? VideoResolver.ReadyHeights(video)}";
            }
        }

        if (description.Code == ErrorCode.Ok)
        {
            metrics.VideoSessionStarted("parley");
        }

        session.SendOrDrop(new ServerFrame { VideoDescription = description });
    }

    private void AnswerUrl(ClientSession session, RequestVideoUrl request)
    {
        var answer = new VideoUrl { RequestId = request.RequestId };
        if (!resolver.TryFindVideo(request.Video, out var video, out var code, out var message))
        {
            answer.Code = code;
            answer.Message = message;
        }
        else if (!urls.IsAvailable)
        {
            answer.Code = ErrorCode.VideoUrlUnavailable;
            answer.Message = "this server's HTTP (HLS) port is off (it was started with --http-port -1), so it cannot hand out video URLs; use parley play instead";
        }
        else
        {
            var (url, expiresAt) = urls.Issue(video, session.Identity!.Name, session.Connection.LocalEndPoint, session.Connection.RequestedHostName);
            answer.Url = url;
            answer.ExpiresAtMs = expiresAt.ToUnixTimeMilliseconds();
        }

        session.SendOrDrop(new ServerFrame { VideoUrl = answer });
    }

    /// <summary>
    /// Answers at once when <paramref name="answerableNow"/>: the library is loaded (the usual case, on the read loop) or
    /// the answer is already the one the load would give (the video is ready). Otherwise the answer waits for the first
    /// load on a task of its own, so the connection's other frames go on; a connection with too many waiting is
    /// answered at once, and one that closes meanwhile is not answered.
    /// </summary>
    private void AnswerOnceLoaded<TRequest>(ClientSession session, TRequest request, Action<ClientSession, TRequest> answer, bool answerableNow)
    {
        if (answerableNow)
        {
            answer(session, request);
            return;
        }

        if (Interlocked.Increment(ref session.VideoRequestsWaiting) > LibraryLoadWait.MaxWaitingPerConnection)
        {
            Interlocked.Decrement(ref session.VideoRequestsWaiting);
            answer(session, request);
            return;
        }

        _ = WaitThenAnswerAsync(session, request, answer);
    }

    private async Task WaitThenAnswerAsync<TRequest>(ClientSession session, TRequest request, Action<ClientSession, TRequest> answer)
    {
        try
        {
            if (await WaitForLoadAsync(session))
            {
                answer(session, request);
            }
        }
        catch (Exception ex)
        {
            logger.VideoRequestFailed(ex, typeof(TRequest).Name);
            session.Fail(ErrorCode.Internal, "internal server error");
        }
        finally
        {
            Interlocked.Decrement(ref session.VideoRequestsWaiting);
        }
    }

    /// <returns>False when the connection closed while waiting: there is nobody to answer.</returns>
    private async Task<bool> WaitForLoadAsync(ClientSession session)
    {
        var closed = session.Connection.ConnectionClosed;
        try
        {
            await resolver.Library.WhenLoaded(CancellationToken.None).WaitAsync(loadWait.Limit, closed);
        }
        catch (TimeoutException)
        {
            // Still loading: the answer says so (SERVER_BUSY), and the client asks again.
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            return false;
        }

        return !closed.IsCancellationRequested;
    }

    private static SegmentChunk ChunkResult(FetchSegment request) =>
        new() { RequestId = request.RequestId, Offset = request.Offset };

    private static ServerFrame ChunkError(FetchSegment request, ErrorCode code, string message)
    {
        var chunk = ChunkResult(request);
        chunk.Code = code;
        chunk.Message = message;
        return new ServerFrame { SegmentChunk = chunk };
    }

    private async Task FetchAndReleaseAsync(ClientSession session, FetchSegment request)
    {
        try
        {
            var (reply, error) = await FetchAsync(request);
            if (error?.SegmentChunk.Code == ErrorCode.ServerBusy && !resolver.Library.IsLoaded)
            {
                // Not known yet on a server that is still loading: asked again once the load is done (or the wait is up).
                if (!await WaitForLoadAsync(session))
                {
                    return;
                }

                (reply, error) = await FetchAsync(request);
            }

            if (error is not null)
            {
                Enqueue(session, request, QueuedFrame.Of(error));
            }
            else if (Enqueue(session, request, QueuedFrame.Of(reply!, reply!.BodySize)))
            {
                metrics.SegmentBytesSent("parley", reply.Count);
            }
            else
            {
                reply.Discard();
            }
        }
        catch (Exception ex)
        {
            logger.SegmentRequestFailed(ex, request.RequestId, request.Video);
            session.Fail(ErrorCode.Internal, "internal server error");
        }
        finally
        {
            Interlocked.Decrement(ref session.VideoFetchesInFlight);
        }
    }

    /// <returns>False when the frame was not queued.</returns>
    private static bool Enqueue(ClientSession session, FetchSegment request, in QueuedFrame frame)
    {
        var result = session.Outbox.TryEnqueue(frame, checkBytes: true);
        if (result is EnqueueResult.Full or EnqueueResult.ServerFull)
        {
            session.Outbox.ReportDropped("segment_chunk");
            session.SendOrDrop(ChunkError(
                request,
                ErrorCode.RateLimited,
                result == EnqueueResult.Full
                    ? "this connection has too much unread data queued; read it and ask again"
                    : "the server has too much unread data queued for its clients; ask again shortly"));
        }

        return result == EnqueueResult.Queued;
    }

    /// <returns>Either a chunk to write from the cached segment or an error frame.</returns>
    private async ValueTask<(SegmentChunkReply? Reply, ServerFrame? Error)> FetchAsync(FetchSegment request)
    {
        if (request.Height > int.MaxValue)
        {
            return (null, ChunkError(request, ErrorCode.RenditionUnavailable, $"no {request.Height}p rendition"));
        }

        if (!resolver.TryFindRendition(request.Video, (int)request.Height, out var rendition, out var code, out var message))
        {
            return (null, ChunkError(request, code, message));
        }

        if (request.Index >= rendition.Segments.Count)
        {
            return (null, ChunkError(
                request,
                ErrorCode.SegmentOutOfRange,
                $"segment {request.Index} does not exist: the {rendition.Info.Height}p rendition of '{request.Video}' has {Plural.Count(rendition.Segments.Count, "segment", "segments")} (0..{rendition.Segments.Count - 1})"));
        }

        var segment = rendition.Segments[(int)request.Index];
        var path = Path.Combine(rendition.Directory, segment.FileName);
        var wanted = request.MaxBytes is 0 or > VideoLimits.MaxChunkBytes ? VideoLimits.MaxChunkBytes : (int)request.MaxBytes;
        SegmentLease lease;
        try
        {
            lease = await segments.OpenAsync(path, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.SegmentUnreadable(path, ex.Message);
            return (null, ChunkError(request, ErrorCode.RenditionUnavailable, $"segment {request.Index} of the {rendition.Info.Height}p rendition of '{request.Video}' could not be read"));
        }

        if (request.Offset > (ulong)lease.Length)
        {
            var total = lease.Length;
            lease.Dispose();
            return (null, ChunkError(request, ErrorCode.SegmentOutOfRange, $"offset {request.Offset} is past the end of the segment ({total} bytes)"));
        }

        var offset = (int)request.Offset;
        return (new SegmentChunkReply(lease, request.RequestId, offset, Math.Min(wanted, lease.Length - offset)), null);
    }
}
