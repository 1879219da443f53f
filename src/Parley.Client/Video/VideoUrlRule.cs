using System.Net;

namespace Parley.Client.Video;

/// <summary>
/// Which video URLs this client takes from a server. A URL is printed for a person to paste and
/// handed to players, so one that points elsewhere, or carries quotes, spaces or control
/// characters, is refused: it must be an absolute http or https URL without a user name or
/// password, on the host this client connected to (any port), at most <see cref="MaxLength"/>
/// characters, each one RFC 3986 allows in a URI except the single quote.
/// </summary>
internal static class VideoUrlRule
{
    public const int MaxLength = 2048;

    // RFC 3986: unreserved, gen-delims, sub-delims (less the single quote) and '%' for escapes.
    private const string Punctuation = "-._~:/?#[]@!$&()*+,;=%";

    /// <param name="connectedHost">The server's host as the user named it.</param>
    /// <param name="connectedAddress">The IP address the connection reached (the same host, resolved).</param>
    /// <param name="problem">Otherwise, what is wrong, in words that quote nothing of the URL but its parsed host.</param>
    public static bool TryAccept(string url, string connectedHost, IPAddress? connectedAddress, out Uri accepted, out string problem)
    {
        accepted = null!;
        problem = string.Empty;
        if (url.Length > MaxLength)
        {
            problem = $"it is longer than {MaxLength} characters";
            return false;
        }

        if (!url.All(IsAllowed))
        {
            problem = "it holds a quote, a space, a control or a non-ASCII character";
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            problem = "it is not an absolute URL";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"its scheme is {uri.Scheme}, not http or https";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = "it carries a user name or password";
            return false;
        }

        if (!IsConnectedHost(uri, connectedHost, connectedAddress))
        {
            problem = $"it points to {uri.Host}, not to {connectedHost}, the server this client connected to";
            return false;
        }

        accepted = uri;
        return true;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || Punctuation.Contains(c, StringComparison.Ordinal);

    private static bool IsConnectedHost(Uri uri, string connectedHost, IPAddress? connectedAddress)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return IPAddress.TryParse(uri.DnsSafeHost, out var address)
                && (SameAddress(address, connectedAddress)
                    || (IPAddress.TryParse(connectedHost, out var named) && SameAddress(address, named)));
        }

        return string.Equals(uri.IdnHost.TrimEnd('.'), connectedHost.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    }

    private static bool SameAddress(IPAddress a, IPAddress? b) =>
        b is not null && Plain(a).Equals(Plain(b));

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
