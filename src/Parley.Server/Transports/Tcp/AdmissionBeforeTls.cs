using Microsoft.AspNetCore.Connections;
using Parley.Server.Limits;
using Parley.Server.Metrics;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// The first middleware on the Parley port: admits each connection under the server's limits (connections in all
/// and per address, the per-address connection rate) before anything else runs on it, TLS included, so a refused
/// connection costs no handshake (an ECDSA signature and an ECDH exchange each). The decision travels to the handler
/// as a <see cref="ConnectionAdmissionFeature"/>; the place is given back when the connection ends, whichever way.
/// A refused connection is still told why where that is cheap: in plain TCP always, over TLS while refusals stay
/// within <see cref="ParleyServerOptions.RefusalHandshakesPerSecond"/> (the handshake then runs so the refusal comes
/// authenticated); beyond that it is closed before TLS, untold, and counted.
/// </summary>
internal sealed class AdmissionBeforeTls(AdmissionLimits limits, TransportSecurity security, ServerMetrics metrics)
{
    public async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var admission = limits.TryAdmit(connection.RemoteEndPoint, out var refusal);
        if (admission is null && security.Tls is not null && !limits.TryTakeRefusalHandshake())
        {
            metrics.RefusedBeforeTls(refusal.Code);
            return;
        }

        connection.Features.Set(new ConnectionAdmissionFeature(admission, refusal));
        try
        {
            await next(connection);
        }
        finally
        {
            // The reader gives it back as soon as it stops; this covers connections that never got that far (a failed handshake).
            if (admission is not null)
            {
                limits.Release(admission);
            }
        }
    }
}
