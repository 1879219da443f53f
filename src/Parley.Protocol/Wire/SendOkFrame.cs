using Google.Protobuf;

namespace Parley.Protocol.Wire;

/// <summary>
/// The body of <c>ServerFrame{send_result: SendResult{request_id, code: OK, delivered_connections}}</c>,
/// written straight into the output: the answer to almost every send, so it gets no message objects.
/// The bytes are exactly what <c>ServerFrame.WriteTo</c> produces (tests compare the two).
/// </summary>
public static class SendOkFrame
{
    private const int ServerFrameSendResultField = 7;
    private const byte SendResultTag = (ServerFrameSendResultField << 3) | 2;
    private const byte RequestIdTag = 1 << 3;
    private const byte DeliveredConnectionsTag = 4 << 3;

    public static int BodySize(ulong requestId, uint deliveredConnections)
    {
        var result = ResultSize(requestId, deliveredConnections);
        return 1 + CodedOutputStream.ComputeLengthSize(result) + result;
    }

    /// <returns>The number of bytes written (<see cref="BodySize"/>).</returns>
    public static int WriteBody(Span<byte> destination, ulong requestId, uint deliveredConnections)
    {
        var at = 0;
        destination[at++] = SendResultTag;
        at += WireVarint.Write(destination[at..], (ulong)ResultSize(requestId, deliveredConnections));
        if (requestId != 0)
        {
            destination[at++] = RequestIdTag;
            at += WireVarint.Write(destination[at..], requestId);
        }

        // code OK is 0 and the message is empty: proto3 writes neither.
        if (deliveredConnections != 0)
        {
            destination[at++] = DeliveredConnectionsTag;
            at += WireVarint.Write(destination[at..], deliveredConnections);
        }

        return at;
    }

    private static int ResultSize(ulong requestId, uint deliveredConnections) =>
        (requestId != 0 ? 1 + CodedOutputStream.ComputeUInt64Size(requestId) : 0)
        + (deliveredConnections != 0 ? 1 + CodedOutputStream.ComputeUInt32Size(deliveredConnections) : 0);
}
