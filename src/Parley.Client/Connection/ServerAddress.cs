using System.Globalization;
using Parley.Protocol;

namespace Parley.Client.Connection;

/// <summary>A "host:port" string taken apart; the port defaults to 7878.</summary>
internal sealed record ServerAddress(string Host, int Port)
{
    public static ServerAddress Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ParleyException(ParleyErrorKind.ConnectionFailed, "no server address given (expected host:port)");
        }

        text = text.Trim();
        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Invalid(text);
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? rest[1..] : throw Invalid(text);
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            var isBareIpv6 = colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) != colon;
            host = colon < 0 || isBareIpv6 ? text : text[..colon];
            port = colon < 0 || isBareIpv6 ? null : text[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            throw Invalid(text);
        }

        if (port is null)
        {
            return new ServerAddress(host, ProtocolConstants.DefaultPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            ? new ServerAddress(host, number)
            : throw new ParleyException(ParleyErrorKind.ConnectionFailed, $"'{port}' is not a port number (1-65535) in server address '{text}'");
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    private static ParleyException Invalid(string text) =>
        new(ParleyErrorKind.ConnectionFailed, $"'{text}' is not a server address (expected host:port)");
}
