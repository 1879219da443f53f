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
        "this server speaks Parley protocol version 2 over TLS only, and this client sent plain TCP "
        + "(a version-1 client, or --insecure against a server that is not)";

    public static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next, ServerMetrics metrics)
    {
        var input = connection.Transport.Input;
        var read = await input.ReadAsync(connection.ConnectionClosed);
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
