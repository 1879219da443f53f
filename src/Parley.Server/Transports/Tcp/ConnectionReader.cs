using System.Buffers;
using System.IO.Pipelines;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Dispatch;
using Parley.Server.Sessions;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// Reads one connection: the "PRLY" preamble, then frames. A partial frame stays in the pipe
/// (consumed up to the last whole frame, examined to the end) so waiting for the rest costs nothing.
/// </summary>
internal sealed class ConnectionReader(ParleyServerOptions options, FrameDispatcher dispatcher)
{
    /// <summary>Returns when the peer is done or the session is closing.</summary>
    /// <exception cref="ProtocolViolationException">The peer broke the protocol; fatal.</exception>
    public async Task RunAsync(ClientSession session, PipeReader input)
    {
        var preambleSeen = false;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            var keepReading = true;
            try
            {
                if (result.IsCanceled || session.IsClosing)
                {
                    return;
                }

                if (!preambleSeen)
                {
                    preambleSeen = TryReadPreamble(ref buffer);
                }

                while (preambleSeen && keepReading && !session.IsClosing
                    && FrameCodec.TryReadFrame(ref buffer, options.MaxFrameBytes, out var body))
                {
                    keepReading = await dispatcher.Dispatch(session, body);
                }

                if (!keepReading)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new ProtocolViolationException(
                            preambleSeen ? ErrorCode.MalformedFrame : ErrorCode.BadPreamble,
                            preambleSeen ? "the connection ended in the middle of a frame" : "the connection ended in the middle of the preamble");
                    }

                    return;
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <exception cref="ProtocolViolationException">The first bytes are not "PRLY".</exception>
    private static bool TryReadPreamble(ref ReadOnlySequence<byte> buffer)
    {
        var preamble = ProtocolConstants.Preamble;
        Span<byte> head = stackalloc byte[preamble.Length];
        var available = (int)Math.Min(buffer.Length, preamble.Length);
        buffer.Slice(0, available).CopyTo(head);
        if (!head[..available].SequenceEqual(preamble[..available]))
        {
            throw new ProtocolViolationException(
                ErrorCode.BadPreamble,
                "this is a Parley server: a connection must start with the bytes \"PRLY\"");
        }

        if (available < preamble.Length)
        {
            return false;
        }

        buffer = buffer.Slice(preamble.Length);
        return true;
    }
}
