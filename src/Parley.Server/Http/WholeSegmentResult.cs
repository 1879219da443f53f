using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Parley.Server.Http;

/// <summary>
/// A whole cached segment as a 200 response, copied into one pipe buffer the size of the body.
/// <c>Results.Bytes</c> copies the body into Kestrel's 4 KiB blocks, which then leave as hundreds of
/// small socket buffers; one contiguous buffer cut the server's CPU per 1 MB segment by more than
/// half (bench/README.md, video-http). Only for unconditional whole-body GETs (see <see cref="Suits"/>):
/// ranges, validators and HEAD keep ASP.NET's own processing.
/// </summary>
internal sealed class WholeSegmentResult(ReadOnlyMemory<byte> body, string contentType, DateTimeOffset lastModified, EntityTagHeaderValue etag) : IResult
{
    public static bool Suits(HttpRequest request)
    {
        var headers = request.Headers;
        return HttpMethods.IsGet(request.Method)
            && !headers.ContainsKey(HeaderNames.Range)
            && !headers.ContainsKey(HeaderNames.IfNoneMatch)
            && !headers.ContainsKey(HeaderNames.IfModifiedSince)
            && !headers.ContainsKey(HeaderNames.IfMatch)
            && !headers.ContainsKey(HeaderNames.IfUnmodifiedSince)
            && !headers.ContainsKey(HeaderNames.IfRange);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        var typed = response.GetTypedHeaders();
        typed.LastModified = lastModified;
        typed.ETag = etag;
        response.Headers.AcceptRanges = "bytes";

        // Before the response starts, Kestrel serves GetMemory from a scratch buffer and copies it
        // again at the first flush; once the headers are written it hands out pipe memory.
        await response.StartAsync(httpContext.RequestAborted).ConfigureAwait(false);
        var writer = response.BodyWriter;
        var rest = body;
        while (!rest.IsEmpty)
        {
            var buffer = writer.GetMemory(rest.Length);
            var count = Math.Min(buffer.Length, rest.Length);
            rest.Span[..count].CopyTo(buffer.Span);
            writer.Advance(count);
            rest = rest[count..];
        }

        await writer.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
