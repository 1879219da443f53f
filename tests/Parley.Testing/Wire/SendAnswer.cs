using Parley.Protocol.Messages;

namespace Parley.Testing;

/// <summary>
/// The server's answer to one send as the raw client read it (protocol v3): the send's own SendResult, or the
/// SendAcks that covered it, which means delivered to at least one connection (code OK, no count of connections).
/// </summary>
public sealed record SendAnswer(ulong RequestId, ServerFrame Frame)
{
    /// <summary>Answered by a SendAcks: delivered, with no SendResult of its own.</summary>
    public bool Acknowledged => Frame.BodyCase == ServerFrame.BodyOneofCase.SendAcks;

    public ErrorCode Code => Acknowledged ? ErrorCode.Ok : Frame.SendResult.Code;

    public string Message => Acknowledged ? string.Empty : Frame.SendResult.Message;

    public bool Queued => !Acknowledged && Frame.SendResult.Queued;

    /// <summary>From a SendResult; null for a send acknowledged by SendAcks, which carries no count.</summary>
    public uint? DeliveredConnections => Acknowledged ? null : Frame.SendResult.DeliveredConnections;

    /// <summary>Whether <paramref name="frame"/> answers the send <paramref name="requestId"/>.</summary>
    public static bool Answers(ServerFrame frame, ulong requestId) => frame.BodyCase switch
    {
        ServerFrame.BodyOneofCase.SendResult => frame.SendResult.RequestId == requestId,
        ServerFrame.BodyOneofCase.SendAcks => frame.SendAcks.UpTo >= requestId,
        _ => false,
    };

    public override string ToString() => $"send {RequestId}: {Frame}";
}
