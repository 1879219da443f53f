using Parley.Client.Connection;

namespace Parley.Client;

/// <summary>
/// How a server is written where the client keeps pins (a known_servers line, the scope of peer pins):
/// "host:port" with the host in lower case, an IPv6 host in brackets, and the port 7878 when none is given.
/// So "::1", "[::1]" and "[::1]:7878" are one server, as are "LOCALHOST" and "localhost:7878".
/// </summary>
public static class ServerKey
{
    /// <exception cref="ParleyException">ConnectionFailed: <paramref name="server"/> is not a server address.</exception>
    public static string Of(string server) => KnownPeers.ScopeOf(ServerAddress.Parse(server));
}
