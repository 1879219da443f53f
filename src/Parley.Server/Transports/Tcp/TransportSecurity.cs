using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Parley.Server.Transports.Tcp;

/// <summary>Whether the Parley port speaks TLS (and with which identity) or, insecure, plain TCP.</summary>
internal sealed class TransportSecurity(ServerTls? tls)
{
    public ServerTls? Tls => tls;

    /// <summary>What a login on <paramref name="connection"/> must sign: the certificate's binding once TLS is up, else nothing.</summary>
    public ReadOnlyMemory<byte> ChannelBindingOf(ConnectionContext connection) =>
        tls is not null && connection.Features.Get<ITlsHandshakeFeature>() is not null ? tls.ChannelBinding : ReadOnlyMemory<byte>.Empty;
}
