using System.Text;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;
using Parley.Server.Limits;
using Parley.Server.Presence;
using Parley.Server.Registry;
using Parley.Server.Sessions;

namespace Parley.Server.Routing;

/// <summary>
/// Routes within this process: the recipient's sessions are all here. The sealed bytes are copied once,
/// into one delivery frame shared by all of the recipient's sessions. No locks, no database. The bytes a send
/// queued (frame size × copies) are charged to the sender's <see cref="DeliveryBudget"/>.
/// </summary>
internal sealed class InProcessMessageRouter(
    ParleyServerOptions options, NameRegistry registry, IPresence presence, TimeProvider time) : IMessageRouter
{
    public void OnSend(ClientSession sender, in SendRequest send)
    {
        if (Route(sender, send) is { } sendResult)
        {
            sender.AnswerSend(sendResult);
        }
        else
        {
            sender.Sends.Delivered(send.RequestId, (int)send.Sealed.Length);
        }
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

    /// <returns>The send's own SendResult; null when it was delivered, which the read turn's SendAcks says.</returns>
    private QueuedFrame? Route(ClientSession sender, in SendRequest send)
    {
        var requestId = send.RequestId;
        if (send.Sealed.IsEmpty)
        {
            return QueuedFrame.Of(ServerFrames.SendResult(requestId, ErrorCode.InvalidRequest, "the message has no sealed payload", 0));
        }

        if (!send.RecipientKeyId.IsEmpty && send.RecipientKeyId.Length != KeyFingerprint.KeyIdBytes)
        {
            return QueuedFrame.Of(ServerFrames.SendResult(
                requestId, ErrorCode.InvalidRequest, $"recipient_key_id must be {KeyFingerprint.KeyIdBytes} bytes (SHA-256 of the key)", 0));
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

            if (KeyChanged(registered, send) is { } keyChanged)
            {
                return keyChanged;
            }

            recipient = presence.FindByKey(registered.Key);
            if (recipient is null)
            {
                return QueuedFrame.Of(ServerFrames.SendResult(requestId, ErrorCode.RecipientOffline, $"'{registered.Name}' is not online", 0));
            }
        }
        else if (KeyChanged(recipient.Registration, send) is { } keyChanged)
        {
            return keyChanged;
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
        var serverFull = false;
        var turn = sender.Sends;
        foreach (var session in recipient.Sessions)
        {
            switch (session.TryDeliver(delivery, turn))
            {
                case EnqueueResult.Queued:
                    delivered++;
                    break;
                case EnqueueResult.Full:
                    busy++;
                    break;
                case EnqueueResult.ServerFull:
                    busy++;
                    serverFull = true;
                    break;
            }
        }

        var to = recipient.Registration.Name;
        if (delivered > 0)
        {
            ChargeDeliveries(sender, (long)(ProtocolConstants.LengthPrefixBytes + size) * delivered);
            return null;
        }

        return QueuedFrame.Of(busy > 0
            ? ServerFrames.SendResult(
                requestId,
                ErrorCode.RecipientBusy,
                serverFull
                    ? $"the server holds too much unread data for its clients to queue more for '{to}'; the message was not delivered, try again later"
                    : $"'{to}' is not reading fast enough; the message was not delivered, try again later",
                0)
            : ServerFrames.SendResult(requestId, ErrorCode.RecipientOffline, $"'{to}' is not online", 0));
    }

    private void ChargeDeliveries(ClientSession sender, long bytes)
    {
        if (options.DeliveryBytesPerSecond > 0)
        {
            (sender.DeliveryBudget ??= new DeliveryBudget(options.DeliveryBytesPerSecond, options.DeliveryBurstBytes, time)).Charge(bytes);
        }
    }

    /// <summary>Protocol v2: a send that names the key it was sealed to is refused when the name now has another key.</summary>
    private static QueuedFrame? KeyChanged(RegisteredName recipient, in SendRequest send) =>
        send.RecipientKeyId.IsEmpty || recipient.HasKeyId(send.RecipientKeyId)
            ? null
            : QueuedFrame.Of(ServerFrames.SendResult(
                send.RequestId,
                ErrorCode.KeyChanged,
                $"'{recipient.Name}' now has the key {recipient.Fingerprint}, not the one the message was sealed to; nothing was delivered",
                0));
}
