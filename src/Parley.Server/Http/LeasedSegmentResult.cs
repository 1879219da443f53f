using Microsoft.AspNetCore.Http;
using Parley.Media.Segments;
using Parley.Server.Metrics;

namespace Parley.Server.Http;

/// <summary>Runs a result that reads a leased segment's bytes, counts the bytes it sent, then returns the lease.</summary>
internal sealed class LeasedSegmentResult(IResult inner, SegmentLease segment, ServerMetrics metrics) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            await inner.ExecuteAsync(httpContext).ConfigureAwait(false);
            var response = httpContext.Response;
            if (HttpMethods.IsGet(httpContext.Request.Method) && response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent
                && response.ContentLength is { } sent)
            {
                metrics.SegmentBytesSent("hls", sent);
            }
        }
        finally
        {
            segment.Dispose();
        }
    }
}
