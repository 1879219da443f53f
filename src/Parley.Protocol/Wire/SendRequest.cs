using System.Buffers;
using Parley.Protocol.Messages;

namespace Parley.Protocol.Wire;

/// <summary>
/// A client's <c>SendMessage</c>. <see cref="Sealed"/> may point into the connection's input pipe:
/// it is valid only until the frame is consumed, so it must be copied before the handler returns.
/// <see cref="RecipientKeyId"/> (protocol v2) is empty when the client did not name the key it sealed to.
/// </summary>
public readonly record struct SendRequest(ulong RequestId, string To, ReadOnlySequence<byte> Sealed, ReadOnlySequence<byte> RecipientKeyId)
{
    public SendRequest(ulong requestId, string to, ReadOnlySequence<byte> sealedBytes)
        : this(requestId, to, sealedBytes, ReadOnlySequence<byte>.Empty)
    {
    }

    /// <summary>A send that came through the generated parser (the layouts <see cref="SendFrameReader"/> declines).</summary>
    public static SendRequest From(SendMessage send)
    {
        ArgumentNullException.ThrowIfNull(send);
        return new(send.RequestId, send.To, new ReadOnlySequence<byte>(send.Sealed.Memory), new ReadOnlySequence<byte>(send.RecipientKeyId.Memory));
    }
}
