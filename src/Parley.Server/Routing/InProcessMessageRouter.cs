using System.Text;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;
using Parley.Server.Metrics;
using Parley.Server.Presence;
using Parley.Server.Registry;
using Parley.Server.Sessions;

namespace Parley.Server.Routing;

/// <summary>
/// Routes within this process: the recipient's sessions are all here. The sealed bytes are copied once,
/// into one delivery frame shared by all of the recipient's sessions. No locks, no database.
/// </summary>
internal sealed class InProcessMessageRouter(ParleyServerOptions options, NameRegistry registry, IPresence presence, ServerMetrics metrics) : IMessageRouter
{
    public void OnSend(ClientSession sender, in SendRequest send)
    {
        sender.SendOrDrop(Route(sender, send));
    }

    public void OnLookup(ClientSession session, LookupPeer lookup)
    {
        var result = new LookupResult { RequestId = lookup.RequestId, Code = ErrorCode.UnknownRecipient };
        if (presence.FindByExactName(lookup.Name) is { } online)
        {
            result.Code = ErrorCode.Ok;
            result.Peer = online.Registration.OnlinePeer;
        }
        else if (NameRules.TryNormalize(lookup.Name, out var name, out _) && registry.Find(name) is { } registered)
        {
            result.Code = ErrorCode.Ok;
            result.Peer = presence.FindByKey(registered.Key) is null ? registered.OfflinePeer : registered.OnlinePeer;
        }

        session.SendOrDrop(new ServerFrame { LookupResult = result });
    }

    private QueuedFrame Route(ClientSession sender, in SendRequest send)
    {
        var requestId = send.RequestId;
        if (send.Sealed.IsEmpty)
        {
            return QueuedFrame.Of(ServerFrames.SendResult(requestId, ErrorCode.InvalidRequest, "the message has no sealed payload", 0));
        }

        var recipient = presence.FindByExactName(send.To);
        if (recipient is null)
        {
            if (!NameRules.TryNormalize(send.To, out var name, out var nameError))
            {
                return QueuedFrame.Of(ServerFrames.SendResult(requestId, ErrorCode.InvalidRequest, "invalid recipient name: " + nameError, 0));
            }

            if (registry.Find(name) is not { } registered)
            {
                return QueuedFrame.Of(ServerFrames.SendResult(requestId, ErrorCode.UnknownRecipient, $"no one is registered as '{name}'", 0));
            }

            recipient = presence.FindByKey(registered.Key);
            if (recipient is null)
            {
                return QueuedFrame.Of(ServerFrames.SendResult(requestId, ErrorCode.RecipientOffline, $"'{registered.Name}' is not online", 0));
            }
        }

        var from = sender.Identity!.Name;
        var size = DeliveryFrame.BodySize(Encoding.UTF8.GetByteCount(from), (int)send.Sealed.Length);
        // docs/protocol.md: the server never sends more than its own limit plus 1 KiB of header.
        if (size > options.MaxFrameBytes + 1024)
        {
            return QueuedFrame.Of(ServerFrames.SendResult(requestId, ErrorCode.InvalidRequest, "the message is too large to deliver", 0));
        }

        var delivery = QueuedFrame.OfEncoded(DeliveryFrame.Encode(from, send.Sealed), size);

        uint delivered = 0;
        var busy = 0;
        foreach (var session in recipient.Sessions)
        {
            switch (session.TryDeliver(delivery))
            {
                case EnqueueResult.Queued:
                    delivered++;
                    break;
                case EnqueueResult.Full:
                    busy++;
                    metrics.QueueDropped("delivery");
                    break;
            }
        }

        var to = recipient.Registration.Name;
        if (delivered > 0)
        {
            metrics.MessageRelayed((int)send.Sealed.Length);
            return QueuedFrame.SendOk(requestId, delivered);
        }

        return QueuedFrame.Of(busy > 0
            ? ServerFrames.SendResult(
                requestId,
                ErrorCode.RecipientBusy,
                $"'{to}' is not reading fast enough; the message was not delivered, try again later",
                0)
            : ServerFrames.SendResult(requestId, ErrorCode.RecipientOffline, $"'{to}' is not online", 0));
    }
}
