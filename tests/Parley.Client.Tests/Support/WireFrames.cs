using System.Buffers;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests.Support;

/// <summary>Splits the bytes one client connection sent (preamble, then frames) into frames.</summary>
internal static class WireFrames
{
    public static List<ClientFrame> ClientFrames(byte[] oneConnection)
    {
        Assert.True(oneConnection.AsSpan().StartsWith(ProtocolConstants.Preamble), "a client connection starts with PRLY");
        var buffer = new ReadOnlySequence<byte>(oneConnection, ProtocolConstants.Preamble.Length, oneConnection.Length - ProtocolConstants.Preamble.Length);
        var frames = new List<ClientFrame>();
        while (FrameCodec.TryReadFrame(ref buffer, int.MaxValue, out var body))
        {
            frames.Add(FrameCodec.ParseClientFrame(body));
        }

        Assert.True(buffer.IsEmpty, "the recorded bytes end on a frame boundary");
        return frames;
    }
}
