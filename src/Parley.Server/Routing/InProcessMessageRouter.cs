using System.Text;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Protocol.Wire;
using Parley.Server.Limits;
using Parley.Server.OfflineQueue;
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
    ParleyServerOptions options,
    NameRegistry registry,
    IPresence presence,
    OfflineMessageQueue offlineQueue,
    TimeProvider time) : IMessageRouter
{
    public void OnSend(ClientSession sender, in SendRequest send)
    {
        if (Route(sender, send) is { } sendResult)
        {
            sender.AnswerSend(sendResult);
        }
        else if (sender.PendingStore is null)
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

    /// <returns>
    /// The send's own SendResult; null when it was delivered (the read turn's SendAcks says so) or is being stored for an
    /// offline recipient (<see cref="ClientSession.PendingStore"/> is then set, and its SendResult follows once stored).
    /// </returns>
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
                return StoreForLater(sender, registered, send);
            }
        }
        else if (KeyChanged(recipient.Registration, send) is { } keyChanged)
        {
            return keyChanged;
        }

        var from = sender.Identity!.NameUtf8;
        var size = DeliveryFrame.BodySize(from.Length, (int)send.Sealed.Length);
        // docs/protocol.md: the server never sends more than its own limit plus 1 KiB of header.
        if (size > options.MaxFrameBytes + 1024)
        {
            return QueuedFrame.Of(ServerFrames.SendResult(requestId, ErrorCode.InvalidRequest, "the message is too large to deliver", 0));
        }

        // The sender's name is encoded once per login (RegisteredName.NameUtf8), not per message.
        var frameBytes = ProtocolConstants.LengthPrefixBytes + size;
        var buffer = GC.AllocateUninitializedArray<byte>(frameBytes);
        DeliveryFrame.Encode(from, send.Sealed, buffer);
        var delivery = QueuedFrame.OfEncoded(buffer, size);

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

        if (delivered > 0)
        {
            ChargeDeliveries(sender, (long)frameBytes * delivered);
            return null;
        }

        var to = recipient.Registration.Name;
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

    /// <summary>
    /// Protocol v3 (docs/protocol.md §12.2): the message goes to the recipient's offline queue. The sender's read loop
    /// waits for the store (<see cref="ClientSession.PendingStore"/>), which runs off the socket threads; the answer,
    /// SendResult(OK, queued) or QUEUE_FULL, is queued when it is done, before any later send's.
    /// </summary>
    private QueuedFrame? StoreForLater(ClientSession sender, RegisteredName recipient, in SendRequest send)
    {
        var from = sender.Identity!.Name;
        if (DeliveryFrame.BodySize(Encoding.UTF8.GetByteCount(from), (int)send.Sealed.Length) + QueuedDeliveryExtraBytes > options.MaxFrameBytes + 1024)
        {
            return QueuedFrame.Of(ServerFrames.SendResult(send.RequestId, ErrorCode.InvalidRequest, "the message is too large to deliver", 0));
        }

        sender.PendingStore = AnswerWhenStoredAsync(sender, send.RequestId, recipient.Name, offlineQueue.StoreAsync(recipient, from, System.Buffers.BuffersExtensions.ToArray(send.Sealed)));
        return null;
    }

    // queue_seq (a uint64 varint: at most 10 bytes) and queued_for_seconds (a uint32 varint: at most 5), their tags,
    // and the byte the Delivery's length may grow by.
    private const int QueuedDeliveryExtraBytes = 18;

    private async Task AnswerWhenStoredAsync(ClientSession sender, ulong requestId, string to, Task<StoreOutcome> storing)
    {
        var outcome = await storing;
        sender.SendOrDrop(outcome switch
        {
            StoreOutcome.Stored => ServerFrames.SendQueued(requestId),
            StoreOutcome.RecipientFullCount => ServerFrames.SendResult(
                requestId,
                ErrorCode.QueueFull,
                $"'{to}' is offline and already has {options.QueueMaxMessagesPerRecipient} messages waiting, the most this server keeps for one name; "
                    + "the message was not stored, send it again once they have logged in",
                0),
            StoreOutcome.RecipientFullBytes => ServerFrames.SendResult(
                requestId,
                ErrorCode.QueueFull,
                $"'{to}' is offline and the messages waiting for them would pass {options.QueueMaxBytesPerRecipient} bytes, the most this server keeps "
                    + "for one name; the message was not stored, send it again once they have logged in",
                0),
            StoreOutcome.ServerFull => ServerFrames.SendResult(
                requestId,
                ErrorCode.QueueFull,
                $"'{to}' is offline and this server's store for offline messages is full ({options.QueueMaxTotalBytes} bytes); the message was not stored",
                0),
            _ => ServerFrames.SendResult(requestId, ErrorCode.Internal, $"'{to}' is offline and the server could not store the message; it was not queued", 0),
        });
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
