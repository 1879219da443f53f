using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// The request id an answer frame echoes, for the one dispatch that hands answers to their waiting
/// request, and the answer each request is due. A request/answer pair added to the protocol adds both here; nothing else changes.
/// A send is due a SendResult, or a share of a SendAcks (<see cref="PendingRequests.AcknowledgeSends"/>).
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

    /// <summary>The answer a request frame is due; None for a request whose answer is not listed here (any kind is taken).</summary>
    public static ServerFrame.BodyOneofCase ExpectedFor(ClientFrame.BodyOneofCase request) => request switch
    {
        ClientFrame.BodyOneofCase.Send => ServerFrame.BodyOneofCase.SendResult,
        ClientFrame.BodyOneofCase.Lookup => ServerFrame.BodyOneofCase.LookupResult,
        ClientFrame.BodyOneofCase.Ping => ServerFrame.BodyOneofCase.Pong,
        ClientFrame.BodyOneofCase.ListVideos => ServerFrame.BodyOneofCase.VideoList,
        ClientFrame.BodyOneofCase.DescribeVideo => ServerFrame.BodyOneofCase.VideoDescription,
        ClientFrame.BodyOneofCase.FetchSegment => ServerFrame.BodyOneofCase.SegmentChunk,
        ClientFrame.BodyOneofCase.RequestVideoUrl => ServerFrame.BodyOneofCase.VideoUrl,
        _ => ServerFrame.BodyOneofCase.None,
    };
}
