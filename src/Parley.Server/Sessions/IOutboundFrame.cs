using System.Buffers;

namespace Parley.Server.Sessions;

/// <summary>
/// A frame that lays itself out into the connection's output when the <see cref="Outbox"/> writer reaches
/// it (e.g. a segment chunk written straight from cached segment memory), then lets go of what it holds.
/// </summary>
internal interface IOutboundFrame
{
    /// <summary>Writes the length prefix and the body; called once, on the connection's writer loop.</summary>
    void WriteTo(IBufferWriter<byte> output);

    /// <summary>For a frame that will never be written (the outbox refused it, or its connection ended first).</summary>
    void Discard();
}
