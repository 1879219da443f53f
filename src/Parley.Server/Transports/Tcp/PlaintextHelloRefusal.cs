using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Metrics;
using Parley.Server.Sessions;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// Runs before TLS on the Parley port. A client that opens with the plaintext preamble ("PRLY": a version-1
/// client, or one started with --insecure) would otherwise only see its TLS handshake fail and the socket close;
/// it gets a plaintext fatal UNSUPPORTED_VERSION saying why instead. Anything else goes on to TLS untouched.
/// </summary>
internal static class PlaintextHelloRefusal
{
    private const string Message =
        "this server speaks Parley protocol version 3 over TLS only, and this client sent plain TCP "
        + "(a version-1 client, or --insecure against a server that is not)";

    /// <param name="firstBytesTimeout">How long a connection may stay silent: it already holds its admission
    /// (<see cref="AdmissionBeforeTls"/>), and neither TLS's handshake timeout nor the login timer runs yet.</param>
    public static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next, ServerMetrics metrics, TimeSpan firstBytesTimeout)
    {
        var input = connection.Transport.Input;
        ReadResult read;
        using (var silence = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            silence.CancelAfter(firstBytesTimeout);
            try
            {
                read = await input.ReadAsync(silence.Token);
            }
            catch (OperationCanceledException)
            {
                // Nothing was said in time (or the peer left): closed before TLS, with nothing to tell it over.
                metrics.RefusedBeforeTls(ErrorCode.LoginTimeout);
                return;
            }
        }

        var first = read.Buffer;
        if (!first.IsEmpty && first.FirstSpan[0] == ProtocolConstants.Preamble[0])
        {
            input.AdvanceTo(first.End);
            FrameCodec.WriteFrame(connection.Transport.Output, ServerFrames.FatalError(ErrorCode.UnsupportedVersion, Message));
            await connection.Transport.Output.FlushAsync(connection.ConnectionClosed);
            metrics.Refused(ErrorCode.UnsupportedVersion);
            return;
        }

        // Peeked, not taken: TLS reads the same bytes again.
        input.AdvanceTo(first.Start, first.Start);
        if (!read.IsCompleted)
        {
            await next(connection);
        }
    }
}
