using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Parley.Client.Connection;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;

namespace Parley.Client.Messaging;

/// <summary>
/// Opens deliveries in arrival order on a task of its own, so that finding a sender's key may
/// ask the server (a lookup answered through the read loop). Accepted message ids are saved to
/// replay.json before the messages are announced. Each envelope is read once (<see cref="SealedEnvelope"/>).
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="Capacity"/> deliveries wait to be opened. A delivery that finds the
/// queue full is dropped unopened and reported as a <see cref="MessageRejectedEvent"/>; the read loop
/// never waits here, since opening may itself wait for a lookup answer that only the read loop delivers.
/// </remarks>
internal sealed class IncomingDeliveries
{
    public const int Capacity = 1024;

    // The largest time DateTimeOffset holds (9999-12-31); a peer may claim anything.
    private const long MaxUnixMs = 253_402_300_799_999;
    private const int MaxBatch = 256;

    private readonly Channel<Arrived> _queue = Channel.CreateBounded<Arrived>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly IMessageOpener _opener;
    private readonly Identity _identity;
    private readonly IdentityName _self;
    private readonly KnownPeers _pins;
    private readonly ReplayStore _replay;
    private readonly PeerLookups _lookups;
    private readonly CancellationToken _lifetime;
    private readonly Action<ClientEvent> _emit;
    private readonly QueuedAcknowledgements _acks;
    private readonly SessionSealer _sessions;
    private readonly Messenger _messenger;
    private readonly OpenedMessages _opened;
    private readonly Dictionary<string, (byte[] Key, List<byte[]> Ids)> _receiptsDue = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _courtesies = new();
    private readonly Task _processing;

    /// <summary>Counts refused session messages, notices and resets.</summary>
    public required ClientMetrics Metrics { get; init; }

    /// <summary>Bounds lost-session notices sent and sessions reset by received ones, per sender key.</summary>
    public required NoticeLimits Notices { get; init; }

    public IncomingDeliveries(
        LiveConnection connection,
        IMessageOpener opener,
        Identity identity,
        IdentityName self,
        KnownPeers pins,
        ReplayStore replay,
        PeerLookups lookups,
        Action<ClientEvent> emit,
        QueuedAcknowledgements acks,
        SessionSealer sessions,
        Messenger messenger,
        OpenedMessages opened)
    {
        _opened = opened;
        _sessions = sessions;
        _messenger = messenger;
        _opener = opener;
        _identity = identity;
        _self = self;
        _pins = pins;
        _replay = replay;
        _lookups = lookups;
        _lifetime = connection.Lifetime;
        _emit = emit;
        _acks = acks;
        connection.On(ServerFrame.BodyOneofCase.Delivery, frame => Enqueue(frame.Delivery));
        _processing = Task.Run(ProcessAsync);
    }

    private void Enqueue(Delivery delivery)
    {
        _acks.Arrived(delivery);
        if (!_queue.Writer.TryWrite(new Arrived(delivery, QueuedAt(delivery, DateTimeOffset.UtcNow))))
        {
            _acks.Dropped(delivery.QueueSeq);
            _emit(new MessageRejectedEvent(
                delivery.From,
                $"dropped: {Capacity} messages were already waiting to be opened; this client is not keeping up"));
        }
    }

    /// <summary>Opens what is already queued, then stops.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _processing;
    }

    private async Task ProcessAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<ClientEvent>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var accepted = 0;
            while (batch.Count < MaxBatch && reader.TryRead(out var arrived))
            {
                var delivery = arrived.Delivery;
                var events = await OpenOrExplainAsync(arrived).ConfigureAwait(false);
                if (delivery.QueueSeq != 0)
                {
                    // Acknowledged once the application takes the last of them (QueuedAcknowledgements).
                    events[^1] = events[^1] with { QueueSeq = delivery.QueueSeq };
                }

                batch.AddRange(events);
                accepted += events.Count(e => e is MessageReceivedEvent);
            }

            if (accepted > 0)
            {
                SaveReplayMemory();
            }

            SendReceipts(); // on their way before the application sees the messages, so a client closed at once still sends them
            foreach (var e in batch)
            {
                _emit(e);
            }

            batch.Clear();
        }
    }

    /// <summary>
    /// Waits, at most <paramref name="limit"/>, for the receipts and notices already on their way: called before
    /// goodbye, so a client that closes right after taking a message (<c>listen --count 1</c>) still tells its sender.
    /// </summary>
    public Task FlushCourtesiesAsync(TimeSpan limit) => Task.WhenAny(Task.WhenAll(_courtesies.Keys), Task.Delay(limit));

    private void Track(Task courtesy)
    {
        if (_courtesies.TryAdd(courtesy, 0))
        {
            _ = courtesy.ContinueWith(done => _courtesies.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>One receipt message per sender for the session messages of the batch just announced, not waited for.</summary>
    private void SendReceipts()
    {
        foreach (var (sender, (key, ids)) in _receiptsDue)
        {
            Track(SendReceiptQuietlyAsync(sender, key, ids));
        }

        _receiptsDue.Clear();
    }

    private async Task SendReceiptQuietlyAsync(string sender, byte[] key, List<byte[]> ids)
    {
        try
        {
            await _messenger.SendReceiptAsync(sender, key, ids, _lifetime).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ParleyException or OperationCanceledException or ObjectDisposedException
            or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            // A receipt is a courtesy: a lost one only leaves the sender without the tick.
        }
    }

    private async Task SendNoticeQuietlyAsync(string sender, byte[] notice)
    {
        try
        {
            await _messenger.SendNoticeAsync(sender, notice, _lifetime).ConfigureAwait(false);
            Metrics.NoticeSent();
        }
        catch (Exception ex) when (ex is ParleyException or OperationCanceledException or ObjectDisposedException
            or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            // The sender learns of the lost session with its next message's notice instead.
        }
    }

    private void SaveReplayMemory()
    {
        try
        {
            _replay.Save(DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ParleyException)
        {
            // The messages stay accepted; only protection against a replay after a restart is weakened.
        }
    }

    private async Task<ClientEvent[]> OpenOrExplainAsync(Arrived arrived)
    {
        var delivery = arrived.Delivery;
        try
        {
            return await OpenAsync(delivery, arrived.QueuedAt).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ParleyException
            or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or ArgumentException)
        {
            // E.g. the pin file or sessions.db cannot be read or written: refuse this message, keep reading the next ones.
            return [new MessageRejectedEvent(delivery.From, $"unchecked: the message could not be checked ({ex.Message})")];
        }
    }

    /// <summary>
    /// When a delivery from the offline queue was stored, by this client's clock: its arrival less the wait the server
    /// reports (whole seconds, so no agreement between the two clocks is needed; the largest wait is still a date). Null for a live one.
    /// </summary>
    private static DateTimeOffset? QueuedAt(Delivery delivery, DateTimeOffset arrivedAt) =>
        delivery.QueueSeq == 0 ? null : arrivedAt - TimeSpan.FromSeconds(delivery.QueuedForSeconds);

    private async Task<ClientEvent[]> OpenAsync(Delivery delivery, DateTimeOffset? queuedAt)
    {
        if (!IdentityName.TryParse(delivery.From, out var from, out _))
        {
            return [new MessageRejectedEvent(delivery.From, "malformed: delivered from an invalid name")];
        }

        var sender = from.Normalized;
        var isSelf = from.CaseFoldKey == _self.CaseFoldKey;
        var pinned = isSelf ? _identity.PublicKey.Spki : _pins.PinnedKey(sender);
        var senderKey = pinned;
        if (senderKey is null)
        {
            byte[]? found;
            try
            {
                found = await _lookups.FindKeyAsync(from, _lifetime).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ParleyException or OperationCanceledException)
            {
                // Cancelled: the client is closing; the message is refused like any other it cannot check.
                return [new MessageRejectedEvent(sender, $"unknown sender key: cannot fetch {sender}'s key ({ex.Message})")];
            }

            if (found is null)
            {
                return [new MessageRejectedEvent(sender, $"unknown sender key: the server knows no key for {sender}")];
            }

            senderKey = found;
        }

        if (!isSelf && EnvelopeFormat.Read(delivery.Sealed.Span) == EnvelopeFormat.Session)
        {
            return await OpenInSessionAsync(delivery, queuedAt, from, senderKey, pinned).ConfigureAwait(false);
        }

        OpenedMessage opened;
        SealedEnvelope? envelope = null;
        try
        {
            using var key = PeerKey.FromSpki(senderKey);
            envelope = _opener.Read(delivery.Sealed.Span);
            opened = _opener.Open(envelope, _self.Normalized, sender, key, DateTimeOffset.UtcNow);
        }
        catch (InvalidKeyException ex)
        {
            return [new MessageRejectedEvent(sender, $"unknown sender key: {sender}'s key is unusable ({ex.Message})")];
        }
        catch (SealRejectedException ex) when (ex.Reason == SealRejection.SenderKeyMismatch && pinned is not null && !isSelf)
        {
            return await NotThePinnedKeyAsync(from, pinned, envelope!).ConfigureAwait(false);
        }
        catch (SealRejectedException ex) when (ex.Reason == SealRejection.Stale && queuedAt is not null)
        {
            return [new MessageRejectedEvent(
                sender,
                $"{RejectionText.Of(ex)}; it waited in the server's offline queue since {queuedAt.Value:u}, longer than this client accepts a message's age")];
        }
        catch (SealRejectedException ex)
        {
            return [new MessageRejectedEvent(sender, RejectionText.Of(ex))];
        }

        // First contact: the key that opened a valid message becomes the pin (unless another
        // connection pinned a different one in the meantime).
        if (pinned is null && _pins.Check(sender, senderKey) == PinStatus.Changed)
        {
            var now = _pins.PinnedFingerprint(sender) ?? string.Empty;
            return
            [
                new KeyChangedEvent(sender, now, opened.SenderFingerprint),
                new MessageRejectedEvent(sender, $"key changed: {sender}'s key was pinned as {now} meanwhile; the message is not shown"),
            ];
        }

        return
        [
            new MessageReceivedEvent(new ReceivedMessage(
                sender,
                opened.To,
                opened.Text,
                opened.SentAt,
                opened.MessageId,
                opened.SenderFingerprint,
                queuedAt)),
        ];
    }

    /// <summary>
    /// A format-2 envelope: opened in the session with <paramref name="sender"/> (or setting one up), which checks the
    /// sender's identity through the session's keys; a message for a session this home lacks is answered with a notice.
    /// One this home already opened is shown from sessions.db's kept copy when <see cref="OpenedMessages"/> says so.
    /// </summary>
    private async Task<ClientEvent[]> OpenInSessionAsync(Delivery delivery, DateTimeOffset? queuedAt, IdentityName from, byte[] senderKey, byte[]? pinned)
    {
        var sender = from.Normalized;
        var queued = delivery.QueueSeq != 0;
        var names = new SessionNames(sender, _self.Normalized);
        var senderKeyId = Convert.ToHexStringLower(KeyFingerprint.KeyId(senderKey));
        if (IsNotice(delivery.Sealed.Span) && !Notices.MayReset(senderKeyId))
        {
            Metrics.SessionResetHeld();
            return [new MessageRejectedEvent(
                sender,
                "ignored: another lost-session notice from this key so soon after the last one reset the session (a forged notice can come from the server)")];
        }

        SessionOpenResult result;
        OpenedMessageKey? opened;
        try
        {
            using var key = PeerKey.FromSpki(senderKey);
            (result, opened) = _opened.Open(queued, () => _sessions.Open(key, names, delivery.Sealed.Span));
        }
        catch (InvalidKeyException ex)
        {
            return [new MessageRejectedEvent(sender, $"unknown sender key: {sender}'s key is unusable ({ex.Message})")];
        }
        catch (SessionRejectedException ex) when (ex.Reason == SessionRejection.BadSignature && pinned is not null)
        {
            Metrics.Refused(ex.Reason);
            return await FirstMessageOfAnotherKeyAsync(from, pinned, delivery, ex).ConfigureAwait(false);
        }
        catch (SessionRejectedException ex)
        {
            // Replayed, or Tampered when the message belongs to a session other than the one tried first.
            if (ex.Reason is SessionRejection.Replayed or SessionRejection.Tampered && KeptCopy(delivery, senderKey, names, queued) is { } kept)
            {
                return Show(delivery, queuedAt, sender, senderKey, pinned, kept.Message.Content, kept.Message.MessageId, kept.Key, firstOpening: false);
            }

            Metrics.Refused(ex.Reason);
            return [new MessageRejectedEvent(sender, RejectionText.Of(ex))];
        }

        switch (result.Status)
        {
            case SessionOpenStatus.UnknownSession:
                Metrics.Refused(SessionRejection.NoSession);
                if (Notices.MaySendNotice(senderKeyId))
                {
                    Track(SendNoticeQuietlyAsync(sender, result.Notice!));
                }
                else
                {
                    Metrics.NoticeHeld();
                }

                return [new MessageRejectedEvent(
                    sender,
                    $"no session: the message belongs to a session this home does not hold (lost or restored from an older copy); {sender} is asked to start a new one")];
            case SessionOpenStatus.SessionLost:
                Metrics.SessionReset();
                Notices.Reset(senderKeyId);
                return [new SessionResetEvent(
                    sender,
                    $"{sender} lost the session (their home was wiped or restored): messages sent to them since were not read; the next one starts a new session")];
            case SessionOpenStatus.StaleNotice:
                return [new MessageRejectedEvent(sender, "ignored: a lost-session notice about no session this client holds")];
        }

        return Show(delivery, queuedAt, sender, senderKey, pinned, result.Content!, result.MessageId!, opened, firstOpening: true);
    }

    /// <summary>
    /// The events of an opened session message (just now, or from the kept copy). Only its first opening asks for a delivery
    /// receipt; the last event carries <paramref name="opened"/>, so taking it settles the kept copy.
    /// </summary>
    private ClientEvent[] Show(
        Delivery delivery,
        DateTimeOffset? queuedAt,
        string sender,
        byte[] senderKey,
        byte[]? pinned,
        SessionContent content,
        byte[] messageId,
        OpenedMessageKey? opened,
        bool firstOpening)
    {
        var events = new List<ClientEvent>(2);

        // First contact: the key the session proved becomes the pin (unless another connection pinned a different one meanwhile).
        if (pinned is null && _pins.Check(sender, senderKey) == PinStatus.Changed)
        {
            var now = _pins.PinnedFingerprint(sender) ?? string.Empty;
            events.Add(new KeyChangedEvent(sender, now, KeyFingerprint.Format(senderKey)));
            events.Add(new MessageRejectedEvent(sender, $"key changed: {sender}'s key was pinned as {now} meanwhile; the message is not shown"));
            return Settling(events, opened, delivery);
        }

        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(content.SentAtMs, 0, MaxUnixMs));
        if (content.Receipts.Count > 0)
        {
            events.Add(new DeliveryReceiptEvent(sender, [.. content.Receipts.Select(r => Convert.ToHexStringLower(r.Span))], sentAt));
        }

        if (content.Text.Length > 0 || content.Receipts.Count == 0)
        {
            events.Add(new MessageReceivedEvent(new ReceivedMessage(
                sender,
                _self.Normalized,
                content.Text,
                sentAt,
                Convert.ToHexStringLower(messageId),
                KeyFingerprint.Format(senderKey),
                queuedAt)));
            if (firstOpening)
            {
                if (!_receiptsDue.TryGetValue(sender, out var due))
                {
                    due = (senderKey, []);
                    _receiptsDue[sender] = due;
                }

                due.Ids.Add(messageId);
            }
        }

        return Settling(events, opened, delivery);
    }

    private ClientEvent[] Settling(List<ClientEvent> events, OpenedMessageKey? opened, Delivery delivery)
    {
        if (opened is not null)
        {
            _opened.Surface(opened, delivery.QueueSeq != 0);
            events[^1] = events[^1] with { Opened = opened };
        }

        return [.. events];
    }

    /// <summary>The kept copy to show of a session message that did not open again, if <see cref="OpenedMessages"/> says to show it.</summary>
    private (OpenedMessageKey Key, StoredOpenedMessage Message)? KeptCopy(Delivery delivery, byte[] senderKey, SessionNames names, bool queued)
    {
        try
        {
            var message = SessionMessage.Parser.ParseFrom(delivery.Sealed.Span);
            return message.BodyCase == SessionMessage.BodyOneofCase.Ratchet
                ? _opened.KeptCopyToShow(KeyFingerprint.KeyId(senderKey), names, message.Ratchet.Span, queued)
                : null;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>
    /// A first session message whose identity agreement key is not signed by the pinned key: a key change when it is
    /// signed by the key the server now presents for the name (only that key's fingerprint is ever shown), else refused as it is.
    /// </summary>
    private async Task<ClientEvent[]> FirstMessageOfAnotherKeyAsync(IdentityName from, byte[] pinned, Delivery delivery, SessionRejectedException rejection)
    {
        var presented = await PresentedKeyAsync(from).ConfigureAwait(false);
        if (presented is not null && !CryptographicOperations.FixedTimeEquals(presented, pinned) && InitialHeaderSignedBy(delivery, presented))
        {
            return KeyChanged(from.Normalized, KeyFingerprint.Format(pinned), KeyFingerprint.Format(presented), "its session keys are signed");
        }

        return [new MessageRejectedEvent(from.Normalized, RejectionText.Of(rejection))];
    }

    /// <summary>A lost-session notice rather than a ratchet message (a malformed envelope is left to the sealer to refuse).</summary>
    private static bool IsNotice(ReadOnlySpan<byte> envelope)
    {
        try
        {
            return SessionMessage.Parser.ParseFrom(envelope).BodyCase == SessionMessage.BodyOneofCase.Notice;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return false;
        }
    }

    private static bool InitialHeaderSignedBy(Delivery delivery, byte[] spki)
    {
        try
        {
            var message = SessionMessage.Parser.ParseFrom(delivery.Sealed.Span);
            if (message.InitialHeader.IsEmpty)
            {
                return false;
            }

            using var key = PeerKey.FromSpki(spki);
            return InitialHeader.Decode(message.InitialHeader.Span).IdentityAgreementKey.IsSignedBy(key, PrekeyKind.IdentityAgreement);
        }
        catch (Exception ex) when (ex is Google.Protobuf.InvalidProtocolBufferException or SessionRejectedException or InvalidKeyException)
        {
            return false;
        }
    }

    private async Task<byte[]?> PresentedKeyAsync(IdentityName from)
    {
        try
        {
            return await _lookups.FindKeyAsync(from, _lifetime).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ParleyException or OperationCanceledException)
        {
            return null;
        }
    }

    private static ClientEvent[] KeyChanged(string sender, string pinnedFingerprint, string presentedFingerprint, string how) =>
    [
        new KeyChangedEvent(sender, pinnedFingerprint, presentedFingerprint),
        new MessageRejectedEvent(
            sender,
            $"key changed: {how} with key {presentedFingerprint}, the key the server now presents for {sender}, "
            + $"but the key pinned for {sender} is {pinnedFingerprint}; the message is not shown. "
            + "Compare fingerprints with them before trusting the new key"),
    ];

    /// <summary>
    /// A message that names another signing key than the pinned one. The key id it names is the sender's
    /// unchecked claim: it is a key change only when it is the key the server now presents for the name,
    /// and only that key's fingerprint is ever shown as the one presented.
    /// </summary>
    private async Task<ClientEvent[]> NotThePinnedKeyAsync(IdentityName from, byte[] pinned, SealedEnvelope envelope)
    {
        var sender = from.Normalized;
        var pinnedFingerprint = KeyFingerprint.Format(pinned);
        var claimedKeyId = envelope.ClaimedSenderKeyId.ToArray();
        var presented = await PresentedKeyAsync(from).ConfigureAwait(false);
        if (presented is not null
            && !CryptographicOperations.FixedTimeEquals(presented, pinned)
            && CryptographicOperations.FixedTimeEquals(claimedKeyId, KeyFingerprint.KeyId(presented)))
        {
            return KeyChanged(sender, pinnedFingerprint, KeyFingerprint.Format(presented), "signed");
        }

        return
        [
            new MessageRejectedEvent(
                sender,
                $"unknown sender key: the message names a signing key that is neither {sender}'s pinned key {pinnedFingerprint} "
                + $"nor the key the server presents for {sender}; the message is not shown"),
        ];
    }

    /// <summary>A delivery, and when it was queued reckoned at its arrival rather than once its turn to open comes.</summary>
    private readonly record struct Arrived(Delivery Delivery, DateTimeOffset? QueuedAt);
}
