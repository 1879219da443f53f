using Microsoft.AspNetCore.Http;
using Parley.Media.Segments;

namespace Parley.Server.Http;

/// <summary>Runs a result that reads a leased segment's bytes, then returns the lease.</summary>
internal sealed class LeasedSegmentResult(IResult inner, SegmentLease segment) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        try
        {
            await inner.ExecuteAsync(httpContext).ConfigureAwait(false);
        }
        finally
        {
            segment.Dispose();
        }
    }
}
