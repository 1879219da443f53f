using System.Buffers;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;
using Parley.Server.Authentication;
using Parley.Server.Limits;
using Parley.Server.Metrics;
using Parley.Server.OfflineQueue;
using Parley.Server.Prekeys;
using Parley.Server.Routing;
using Parley.Server.Sessions;
using Parley.Server.VideoRequests;

namespace Parley.Server.Dispatch;

/// <summary>
/// Sends each client frame to its handler, enforcing what may come when. It takes frame bodies from any
/// transport: it knows sessions, never sockets. Sends, lookups, segment fetches and prekey uploads and fetches each take a token from the
/// connection's request bucket; one that finds it empty is answered RATE_LIMITED, and a connection that
/// keeps on regardless is closed. Send request ids must increase within a connection: a send whose id does not
/// is answered INVALID_REQUEST and not delivered. The transport says when a read turn ends (<see cref="ClientSession.EndReadTurn"/>).
/// </summary>
internal sealed class FrameDispatcher(
    Handshake handshake, IMessageRouter router, VideoRequestHandler videos, PrekeyDirectory prekeys, OfflineMessageQueue offlineQueue, ServerMetrics metrics)
{
    /// <returns>False when the client said goodbye. Completed at once for every frame but a login, whose
    /// signature is checked elsewhere: the connection reads nothing more until that is done.</returns>
    /// <exception cref="ProtocolViolationException">The frame breaks the protocol; fatal.</exception>
    public ValueTask<bool> Dispatch(ClientSession session, in ReadOnlySequence<byte> body)
    {
        // Sends are nearly every frame: read in place, their sealed bytes are copied once, straight into the delivery.
        if (session.State == SessionState.LoggedIn && SendFrameReader.TryRead(body, out var send, session.LastSendTo))
        {
            OnSend(session, send);
            return AfterSend(session);
        }

        return Dispatch(session, FrameCodec.ParseClientFrame(body));
    }

    /// <returns>False when the client said goodbye; see the other overload.</returns>
    /// <exception cref="ProtocolViolationException">The frame breaks the protocol; fatal.</exception>
    public ValueTask<bool> Dispatch(ClientSession session, ClientFrame frame)
    {
        switch (frame.BodyCase)
        {
            case ClientFrame.BodyOneofCase.Hello:
                handshake.OnHello(session, frame.Hello);
                return new(true);
            case ClientFrame.BodyOneofCase.Login:
                return KeepReadingAfterLogin(session, handshake.OnLoginAsync(session, frame.Login));
            case ClientFrame.BodyOneofCase.Goodbye:
                return new(false);
        }

        if (session.State != SessionState.LoggedIn)
        {
            throw new ProtocolViolationException(
                ErrorCode.UnexpectedFrame,
                $"{frame.BodyCase} is not allowed before login; send hello, then login");
        }

        if (frame.BodyCase is ClientFrame.BodyOneofCase.Send)
        {
            OnSend(session, SendRequest.From(frame.Send));
            return AfterSend(session);
        }

        if (frame.BodyCase is ClientFrame.BodyOneofCase.Lookup or ClientFrame.BodyOneofCase.FetchSegment
                or ClientFrame.BodyOneofCase.UploadPrekeys or ClientFrame.BodyOneofCase.FetchBundle
            && session.Admission?.TryTakeRequest() is { } refusal)
        {
            Refuse(session, frame, refusal);
            return new(true);
        }

        switch (frame.BodyCase)
        {
            case ClientFrame.BodyOneofCase.AckQueued:
                return KeepReading(offlineQueue.AcknowledgeAsync(session.Identity!, frame.AckQueued.UpTo));
            case ClientFrame.BodyOneofCase.Lookup:
                router.OnLookup(session, frame.Lookup);
                break;
            case ClientFrame.BodyOneofCase.UploadPrekeys:
                prekeys.OnUpload(session, frame.UploadPrekeys);
                break;
            case ClientFrame.BodyOneofCase.FetchBundle:
                prekeys.OnFetch(session, frame.FetchBundle);
                break;
            case ClientFrame.BodyOneofCase.ListVideos:
                videos.OnListVideos(session, frame.ListVideos);
                break;
            case ClientFrame.BodyOneofCase.DescribeVideo:
                videos.OnDescribeVideo(session, frame.DescribeVideo);
                break;
            case ClientFrame.BodyOneofCase.FetchSegment:
                videos.OnFetchSegment(session, frame.FetchSegment);
                break;
            case ClientFrame.BodyOneofCase.RequestVideoUrl:
                videos.OnRequestVideoUrl(session, frame.RequestVideoUrl);
                break;
            case ClientFrame.BodyOneofCase.Ping:
                session.SendOrDrop(new ServerFrame { Pong = new Pong { Nonce = frame.Ping.Nonce } });
                break;
            default:
                throw new ProtocolViolationException(ErrorCode.UnexpectedFrame, $"unexpected {frame.BodyCase} frame");
        }

        return new(true);
    }

    /// <summary>A send to an offline name is being stored: the next frame is read once it is (and answered).</summary>
    private static ValueTask<bool> AfterSend(ClientSession session)
    {
        if (session.PendingStore is not { } store)
        {
            return new(true);
        }

        session.PendingStore = null;
        return KeepReading(new ValueTask(store));
    }

    private static ValueTask<bool> KeepReading(ValueTask work) => work.IsCompletedSuccessfully ? new(true) : AwaitThenKeepReading(work);

    private static async ValueTask<bool> AwaitThenKeepReading(ValueTask work)
    {
        await work;
        return true;
    }

    private void OnSend(ClientSession session, in SendRequest send)
    {
        // The id is taken before the request token, so a flood of bad ids still costs tokens.
        session.Sends.LastTo = send.To;
        var previous = session.Sends.LastRequestId;
        var increasing = session.Sends.TryAccept(send.RequestId);
        if (session.Admission?.TryTakeRequest() is { } refusal)
        {
            RefuseSend(session, send.RequestId, refusal);
            return;
        }

        if (!increasing)
        {
            session.AnswerSend(QueuedFrame.Of(ServerFrames.SendResult(
                send.RequestId,
                ErrorCode.InvalidRequest,
                $"request_id {send.RequestId} is not above the previous send's {previous}: send request ids must increase within a connection; nothing was delivered",
                0)));
            return;
        }

        router.OnSend(session, send);
    }

    private static void RefuseSend(ClientSession session, ulong requestId, Refusal refusal)
    {
        if (refusal.Fatal)
        {
            session.Fail(refusal);
            return;
        }

        session.AnswerSend(QueuedFrame.Of(ServerFrames.SendResult(requestId, refusal.Code, refusal.Message, 0)));
    }

    private static void Refuse(ClientSession session, ClientFrame frame, Refusal refusal)
    {
        if (refusal.Fatal)
        {
            session.Fail(refusal);
            return;
        }

        switch (frame.BodyCase)
        {
            case ClientFrame.BodyOneofCase.Lookup:
                session.SendOrDrop(new ServerFrame
                {
                    LookupResult = new LookupResult { RequestId = frame.Lookup.RequestId, Code = refusal.Code },
                });
                break;
            case ClientFrame.BodyOneofCase.UploadPrekeys:
                session.SendOrDrop(new ServerFrame
                {
                    PrekeysStored = new PrekeysStored { RequestId = frame.UploadPrekeys.RequestId, Code = refusal.Code, Message = refusal.Message },
                });
                break;
            case ClientFrame.BodyOneofCase.FetchBundle:
                session.SendOrDrop(new ServerFrame
                {
                    Bundle = new Bundle { RequestId = frame.FetchBundle.RequestId, Code = refusal.Code, Message = refusal.Message },
                });
                break;
            default:
                session.SendOrDrop(new ServerFrame
                {
                    SegmentChunk = new SegmentChunk
                    {
                        RequestId = frame.FetchSegment.RequestId,
                        Code = refusal.Code,
                        Message = refusal.Message,
                        Offset = frame.FetchSegment.Offset,
                    },
                });
                break;
        }
    }

    // Every login's outcome is counted here: accepted, or the code it was refused with. A login abandoned
    // (timed out or its connection gone while its signature was checked) decides nothing.
    private async ValueTask<bool> KeepReadingAfterLogin(ClientSession session, Task login)
    {
        try
        {
            await login;
        }
        catch (ProtocolViolationException ex)
        {
            metrics.LoginDecided(ex.Code);
            throw;
        }

        if (session.State == SessionState.LoggedIn)
        {
            metrics.LoginDecided(ErrorCode.Ok);
        }

        return true;
    }
}
