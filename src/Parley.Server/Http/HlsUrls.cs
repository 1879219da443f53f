using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Parley.Media.Videos;
using Parley.Server.VideoRequests;

namespace Parley.Server.Http;

/// <summary>Video URLs on this server's HTTP endpoint: <c>http(s)://host:port/hls/{token}/{video}/master.m3u8</c>.</summary>
internal sealed class HlsUrls(HlsTokens tokens, HlsListenerAddress http) : IVideoUrls
{
    public bool IsAvailable => http.Endpoint is not null;

    public (string Url, DateTimeOffset ExpiresAt) Issue(VideoEntry video, string viewer, EndPoint? reachedAt)
    {
        var endpoint = http.Endpoint ?? throw new InvalidOperationException("the HTTP endpoint is off");
        var (token, expiresAt) = tokens.Issue(video.Name, video.Duration, viewer);
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"{http.Scheme}://{UrlHost(reachedAt, endpoint)}:{endpoint.Port}/hls/{token}/{video.Name}/master.m3u8");
        return (url, expiresAt);
    }

    // The address the client reached this server on is one it can reach the HTTP endpoint on,
    // unless the HTTP endpoint is bound to one specific other address.
    private static string UrlHost(EndPoint? reachedAt, IPEndPoint http)
    {
        var address = http.Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            address = (reachedAt as IPEndPoint)?.Address ?? IPAddress.Loopback;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
