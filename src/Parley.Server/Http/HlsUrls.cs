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

    public (string Url, DateTimeOffset ExpiresAt) Issue(VideoEntry video, string viewer, EndPoint? reachedAt, string? requestedHostName)
    {
        var endpoint = http.Endpoint ?? throw new InvalidOperationException("the HTTP endpoint is off");
        var (token, expiresAt) = tokens.Issue(video.Name, video.Duration, viewer);
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"{http.Scheme}://{UrlHost(reachedAt, requestedHostName, endpoint)}:{endpoint.Port}/hls/{token}/{video.Name}/master.m3u8");
        return (url, expiresAt);
    }

    // The host the client reached this server by is one it can reach the HTTP endpoint by, unless the HTTP
    // endpoint is bound to one specific other address. The name it asked for comes first: a certificate for
    // "chat.example.org" does not cover the address it resolved to. The name is the client's own, sent back
    // only to it, and used only when it is a plain DNS name.
    private static string UrlHost(EndPoint? reachedAt, string? requestedHostName, IPEndPoint http)
    {
        var address = http.Address;
        var reachedAddress = (reachedAt as IPEndPoint)?.Address;
        var anyAddress = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
        if (requestedHostName is not null && Uri.CheckHostName(requestedHostName) == UriHostNameType.Dns
            && (anyAddress || address.Equals(reachedAddress)))
        {
            return requestedHostName.ToLowerInvariant();
        }

        if (anyAddress)
        {
            address = reachedAddress ?? IPAddress.Loopback;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
