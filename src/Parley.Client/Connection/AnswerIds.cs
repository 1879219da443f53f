using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// The request id an answer frame echoes, for the one dispatch that hands answers to their waiting
/// request. A request/answer pair added to the protocol adds its answer here; nothing else changes.
/// </summary>
internal static class AnswerIds
{
    public static bool TryGet(ServerFrame frame, out ulong requestId)
    {
        requestId = frame.BodyCase switch
        {
            ServerFrame.BodyOneofCase.SendResult => frame.SendResult.RequestId,
            ServerFrame.BodyOneofCase.LookupResult => frame.LookupResult.RequestId,
            ServerFrame.BodyOneofCase.Pong => frame.Pong.Nonce,
            ServerFrame.BodyOneofCase.VideoList => frame.VideoList.RequestId,
            ServerFrame.BodyOneofCase.VideoDescription => frame.VideoDescription.RequestId,
            ServerFrame.BodyOneofCase.SegmentChunk => frame.SegmentChunk.RequestId,
            ServerFrame.BodyOneofCase.VideoUrl => frame.VideoUrl.RequestId,
            ServerFrame.BodyOneofCase.PrekeysStored => frame.PrekeysStored.RequestId,
            ServerFrame.BodyOneofCase.Bundle => frame.Bundle.RequestId,
            _ => 0,
        };
        return requestId != 0;
    }
}
