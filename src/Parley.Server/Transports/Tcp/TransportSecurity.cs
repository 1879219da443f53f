using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Parley.Server.Transports.Tcp;

/// <summary>Whether the Parley port speaks TLS (and with which identity) or, insecure, plain TCP.</summary>
internal sealed class TransportSecurity(ServerTls? tls)
{
    public ServerTls? Tls => tls;

    /// <summary>What a login on <paramref name="connection"/> must sign: the certificate's binding once TLS is up, nothing when insecure.</summary>
    /// <exception cref="InvalidOperationException">TLS is configured but this connection has none: never bind it to nothing.</exception>
    public ReadOnlyMemory<byte> ChannelBindingOf(ConnectionContext connection) =>
        tls is null ? ReadOnlyMemory<byte>.Empty
        : connection.Features.Get<ITlsHandshakeFeature>() is not null ? tls.ChannelBinding
        : throw new InvalidOperationException("a connection on the TLS port has no TLS");
}
