using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Sessions;
using Parley.Server.Video;

namespace Parley.Server.Streaming;

/// <summary>
/// ListVideos, DescribeVideo, FetchSegment and RequestVideoUrl for logged-in connections. Segment
/// chunks are read from the packaged files asynchronously, off the connection's read loop and
/// without any lock, and queued like any other frame, so chat interleaves between chunks.
/// </summary>
internal sealed class VideoRequestHandler(
    VideoResolver resolver,
    HlsTokens tokens,
    HlsListenerAddress http,
    ILogger<VideoRequestHandler> logger)
{
    public void OnListVideos(ClientSession session, ListVideos request)
    {
        var list = new VideoList { RequestId = request.RequestId };
        foreach (var video in resolver.Library.List())
        {
            list.Videos.Add(VideoMessages.Summary(video));
        }

        session.SendOrDrop(new ServerFrame { VideoList = list });
    }

    public void OnDescribeVideo(ClientSession session, DescribeVideo request)
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

            if (description.Renditions.Count == 0)
            {
                description.Code = ErrorCode.VideoUnavailable;
                description.Message = video.State == Video.VideoState.Unavailable
                    ? $"'{video.Name}' cannot be played: {video.Detail ?? "no rendition could be prepared"}"
                    : $"'{video.Name}' cannot be played yet: {video.Detail ?? VideoResolver.ReadyHeights(video)}";
            }
        }

        session.SendOrDrop(new ServerFrame { VideoDescription = description });
    }

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

    public void OnRequestVideoUrl(ClientSession session, RequestVideoUrl request)
    {
        var answer = new VideoUrl { RequestId = request.RequestId };
        if (!resolver.TryFindVideo(request.Video, out var video, out var code, out var message))
        {
            answer.Code = code;
            answer.Message = message;
        }
        else if (http.Endpoint is not { } endpoint)
        {
            answer.Code = ErrorCode.VideoUrlUnavailable;
            answer.Message = "this server's HTTP (HLS) port is off (it was started with --http-port -1), so it cannot hand out video URLs; use parley play instead";
        }
        else
        {
            var (token, expiresAt) = tokens.Issue(video.Name, video.Duration, session.Identity!.Name);
            answer.Url = string.Create(
                CultureInfo.InvariantCulture,
                $"http://{UrlHost(session, endpoint)}:{endpoint.Port}/hls/{token}/{video.Name}/master.m3u8");
            answer.ExpiresAtMs = expiresAt.ToUnixTimeMilliseconds();
        }

        session.SendOrDrop(new ServerFrame { VideoUrl = answer });
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

    // The address the client reached this server on is one it can reach the HTTP endpoint on,
    // unless the HTTP endpoint is bound to one specific other address.
    private static string UrlHost(ClientSession session, IPEndPoint http)
    {
        var address = http.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            address = (session.Connection.LocalEndPoint as IPEndPoint)?.Address ?? IPAddress.Loopback;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }

    private async Task FetchAndReleaseAsync(ClientSession session, FetchSegment request)
    {
        try
        {
            var frame = await FetchAsync(request);
            if (session.Outbox.TryEnqueue(frame, frame.CalculateSize(), checkBytes: true) == EnqueueResult.Full)
            {
                session.SendOrDrop(ChunkError(
                    request,
                    ErrorCode.RateLimited,
                    "this connection has too much unread data queued; read it and ask again"));
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Segment request {RequestId} for {Video} failed", request.RequestId, request.Video);
            session.Fail(ErrorCode.Internal, "internal server error");
        }
        finally
        {
            Interlocked.Decrement(ref session.VideoFetchesInFlight);
        }
    }

    private async Task<ServerFrame> FetchAsync(FetchSegment request)
    {
        if (request.Height > int.MaxValue)
        {
            return ChunkError(request, ErrorCode.RenditionUnavailable, $"no {request.Height}p rendition");
        }

        if (!resolver.TryFindRendition(request.Video, (int)request.Height, out var rendition, out var code, out var message))
        {
            return ChunkError(request, code, message);
        }

        if (request.Index >= rendition.Segments.Count)
        {
            return ChunkError(
                request,
                ErrorCode.SegmentOutOfRange,
                $"segment {request.Index} does not exist: the {rendition.Info.Height}p rendition of '{request.Video}' has {Plural.Count(rendition.Segments.Count, "segment", "segments")} (0..{rendition.Segments.Count - 1})");
        }

        var segment = rendition.Segments[(int)request.Index];
        var path = Path.Combine(rendition.Directory, segment.FileName);
        var wanted = request.MaxBytes is 0 or > VideoLimits.MaxChunkBytes ? VideoLimits.MaxChunkBytes : (int)request.MaxBytes;
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
            var total = RandomAccess.GetLength(file);
            if (request.Offset > (ulong)total)
            {
                return ChunkError(request, ErrorCode.SegmentOutOfRange, $"offset {request.Offset} is past the end of the segment ({total} bytes)");
            }

            var offset = (long)request.Offset;
            var buffer = new byte[(int)Math.Min(wanted, total - offset)];
            var filled = 0;
            while (filled < buffer.Length)
            {
                var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(filled), offset + filled);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            var chunk = ChunkResult(request);
            chunk.TotalBytes = (ulong)total;
            chunk.Data = filled == buffer.Length ? UnsafeByteOperations.UnsafeWrap(buffer) : ByteString.CopyFrom(buffer, 0, filled);
            chunk.Last = offset + filled >= total;
            return new ServerFrame { SegmentChunk = chunk };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Segment {Path} could not be read: {Reason}", path, ex.Message);
            return ChunkError(request, ErrorCode.RenditionUnavailable, $"segment {request.Index} of the {rendition.Info.Height}p rendition of '{request.Video}' could not be read");
        }
    }
}
