using System.Net;

namespace Parley.Server.Sessions;

/// <summary>
/// What a <see cref="ClientSession"/> needs from whatever carries its bytes (a TCP connection today, a
/// WebSocket later): an id and address for logs and URLs, a signal when the peer is gone, and two ways
/// to cut the transport's loops short when the session closes.
/// </summary>
internal interface ISessionConnection
{
    string ConnectionId { get; }

    /// <summary>The address the client reached this server on; null when the transport has none.</summary>
    EndPoint? LocalEndPoint { get; }

    /// <summary>The host name the client asked for (TLS SNI), as the client sent it; null when none was sent.</summary>
    string? RequestedHostName { get; }

    /// <summary>
    /// The connection's channel binding, which the login signs: RFC 5929 tls-server-end-point of the server's
    /// certificate over TLS, empty over plain TCP.
    /// </summary>
    ReadOnlyMemory<byte> ChannelBinding { get; }
    /// <summary>The client's address, which the per-address limits count under; null when the transport has none.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>Cancelled when the peer is gone (FIN, RST, or the transport gave up).</summary>
    CancellationToken ConnectionClosed { get; }

    /// <summary>Wakes the transport's read loop so it sees the session closing and stops reading.</summary>
    void StopReading();

    /// <summary>Gives up a write the peer is not taking, so the transport's write loop ends now.</summary>
    void AbandonPendingWrite();
}
