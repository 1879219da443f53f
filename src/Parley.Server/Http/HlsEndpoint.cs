using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Parley.Media.Segments;
using Parley.Media.Videos;
using Parley.Server.Metrics;
using Parley.Server.VideoRequests;

namespace Parley.Server.Http;

/// <summary>
/// The HTTP side of video: HLS playlists and segments under /hls/{token}/{video}/. The token sits
/// in the path so that players, which resolve the relative URIs inside playlists, keep it on every
/// request. Any token problem is a bare 403; nothing says which part was wrong. Every route allows
/// cross-origin reads (<c>Access-Control-Allow-Origin: *</c>, preflights with Range answered) so a
/// web page player such as hls.js on another origin can play a URL: the token, not the origin, guards access.
/// </summary>
internal static class HlsEndpoint
{
    public const string MpegUrlType = "application/vnd.apple.mpegurl";
    public const string MpegTsType = "video/mp2t";
    private const string PlaylistCaching = "private, max-age=2";
    private const string SegmentCaching = "private, max-age=31536000, immutable";
    private const string CorsPolicy = "hls";
    private static readonly string[] s_getAndHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Registers the HLS side: tokens, the listener address and the URLs video requests hand out.</summary>
    public static void AddParleyHls(this IServiceCollection services)
    {
        services.AddSingleton<HlsTokens>();
        services.AddSingleton<HlsListenerAddress>();
        services.AddSingleton<IVideoUrls, HlsUrls>();
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders(HeaderNames.Range)
            .WithExposedHeaders(HeaderNames.ContentLength, HeaderNames.ContentRange, HeaderNames.AcceptRanges)
            .SetPreflightMaxAge(TimeSpan.FromDays(1))));
    }

    /// <summary>
    /// Maps the HLS routes; they answer only on the HTTP port (the Parley port speaks its own protocol).
    /// The app must use the CORS middleware (<c>UseCors()</c>) for their cross-origin headers.
    /// </summary>
    public static void MapHls(this IEndpointRouteBuilder app)
    {
        var video = app.MapGroup("/hls/{token}/{video}").RequireCors(CorsPolicy);
        video.MapMethods("/master.m3u8", s_getAndHead, Master);
        video.MapMethods("/{height:int}/" + HlsPlaylists.MediaPlaylistName, s_getAndHead, Media);
        video.MapMethods("/{height:int}/{file}", s_getAndHead, SegmentFile);
    }

    private static IResult Master(string token, string video, HttpContext context, HlsTokens tokens, VideoResolver resolver, ServerMetrics metrics)
    {
        if (!tokens.IsValid(token, video, out _))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (!resolver.TryFindVideo(video, out var entry, out _, out _))
        {
            return Results.NotFound();
        }

        var ready = new List<PackagedRendition>();
        foreach (var info in entry.Renditions)
        {
            if (resolver.Library.TryGetRendition(entry.Name, info.Height, out var rendition))
            {
                ready.Add(rendition);
            }
        }

        if (ready.Count == 0)
        {
            return Results.NotFound();
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            metrics.VideoSessionStarted("hls");
        }

        return Playlist(context, HlsPlaylists.Master(ready));
    }

    private static IResult Media(string token, string video, int height, HttpContext context, HlsTokens tokens, VideoResolver resolver)
    {
        if (!tokens.IsValid(token, video, out _))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        return resolver.TryFindRendition(video, height, out var rendition, out _, out _)
            ? Playlist(context, HlsPlaylists.Media(rendition))
            : Results.NotFound();
    }

    private static async Task<IResult> SegmentFile(
        string token,
        string video,
        int height,
        string file,
        HttpContext context,
        HlsTokens tokens,
        VideoResolver resolver,
        SegmentReader segments,
        ServerMetrics metrics)
    {
        if (!tokens.IsValid(token, video, out _))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (!resolver.TryFindRendition(video, height, out var rendition, out _, out _))
        {
            return Results.NotFound();
        }

        // Only names the playlist lists are served, so the file segment of the URL never reaches the file system.
        var segment = rendition.Segments.FirstOrDefault(s => string.Equals(s.FileName, file, StringComparison.Ordinal));
        if (segment is null)
        {
            return Results.NotFound();
        }

        SegmentLease lease;
        try
        {
            lease = await segments.OpenAsync(Path.Combine(rendition.Directory, segment.FileName), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Results.NotFound();
        }

        var modified = lease.Modified;
        var etag = new EntityTagHeaderValue($"\"{lease.Length:x}-{modified.Ticks:x}\"");
        context.Response.Headers.CacheControl = SegmentCaching;
        return new LeasedSegmentResult(
            WholeSegmentResult.Suits(context.Request)
                ? new WholeSegmentResult(lease.Bytes, MpegTsType, modified, etag)
                : Results.Bytes(lease.Bytes, MpegTsType, lastModified: modified, entityTag: etag, enableRangeProcessing: true),
            lease,
            metrics);
    }

    private static IResult Playlist(HttpContext context, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
        context.Response.Headers.CacheControl = PlaylistCaching;
        return Results.File(bytes, MpegUrlType, entityTag: etag, enableRangeProcessing: true);
    }
}
