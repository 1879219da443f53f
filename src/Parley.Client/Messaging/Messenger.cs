using Google.Protobuf;
using Parley.Client.Connection;
using Parley.Client.Prekeys;
using Parley.Client.Presence;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;

namespace Parley.Client.Messaging;

/// <summary>
/// Sending: finds the recipient's key (this client's own, the roster's, the pin, else one lookup), checks it
/// against the pin, seals and waits for the server's answer. Messages to others go through their forward-secret
/// session (<see cref="SessionSealer"/>, envelope format 2; the first one fetches the recipient's prekey bundle);
/// notes to this client's own name stay RSA-sealed (format 1, <see cref="IMessageSealer"/>): they reach only this identity.
/// </summary>
internal sealed class Messenger(
    LiveConnection connection,
    IMessageSealer sealer,
    SessionSealer sessions,
    PrekeyExchange prekeys,
    Identity identity,
    IdentityName self,
    KnownPeers pins,
    PresenceFeed presence,
    PeerLookups lookups,
    PeerViews views,
    Action<ClientEvent> emit)
{
    public async Task<SendOutcome> SendTextAsync(string to, string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        connection.ThrowIfClosed();
        if (!IdentityName.TryParse(to, out var recipient, out var nameError))
        {
            return new SendOutcome(to ?? string.Empty, SendStatus.Refused, $"'{to}' is not a valid name: {nameError}");
        }

        var name = recipient.Normalized;
        var (presented, source, registered) = await ResolveRecipientAsync(recipient, ct).ConfigureAwait(false);
        if (presented is null)
        {
            return new SendOutcome(name, SendStatus.UnknownRecipient, $"no one is registered as '{name}'");
        }

        var spki = presented;
        if (source != KeySource.Self)
        {
            // Pinned under the registered spelling, so a later send under that spelling needs no lookup to learn it (SessionNames).
            var pinAs = IdentityName.TryParse(registered, out var registeredName, out _) ? registeredName : recipient;
            if (pins.Check(pinAs, presented, out var pinnedKey) == PinStatus.Changed)
            {
                return KeyChanged(name, pinnedKey, presented);
            }

            spki = pinnedKey;
        }

        byte[] sealedBytes;
        byte[]? messageId = null;
        try
        {
            using var key = PeerKey.FromSpki(spki);
            if (source == KeySource.Self)
            {
                sealedBytes = sealer.Seal(self.Normalized, key, name, text, DateTimeOffset.UtcNow);
            }
            else
            {
                var content = new Parley.Crypto.Envelope.SessionContent { Text = text, SentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
                var names = new SessionNames(self.Normalized, registered);
                var sealedMessage = await sessions.SealAsync(key, names, content, c => prekeys.FetchBundleAsync(name, key, c), ct).ConfigureAwait(false);
                sealedBytes = sealedMessage.Envelope;
                messageId = sealedMessage.MessageId;
            }
        }
        catch (InvalidKeyException ex)
        {
            return new SendOutcome(name, SendStatus.Refused, $"{name}'s key is unusable: {ex.Message}");
        }
        catch (ParleyException ex) when (ex.Kind == ParleyErrorKind.WrongIdentity)
        {
            return new SendOutcome(name, SendStatus.KeyChanged, $"{name}'s session keys are not signed by the key pinned for them; nothing was sent ({ex.Message})");
        }
        catch (ParleyException ex) when (ex.Kind != ParleyErrorKind.Disconnected)
        {
            return new SendOutcome(name, SendStatus.Refused, $"no session with {name} could be set up: {ex.Message}");
        }
        catch (SessionRejectedException ex)
        {
            return new SendOutcome(name, SendStatus.Refused, $"no session with {name} could be used: {ex.Message}");
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return new SendOutcome(name, SendStatus.Refused, $"the session store (sessions.db) could not be used: {ex.Message}");
        }

        // Sealed to a pin the server was not asked about: it checks the name still has that key (KEY_CHANGED if not), so a
        // send rerouted to another key is refused before anything is delivered. With the roster's key (chat) it is not needed.
        var recipientKeyId = source == KeySource.Pin ? ByteString.CopyFrom(KeyFingerprint.KeyId(spki)) : ByteString.Empty;
        var (answer, tooLarge) = await SendSealedAsync(name, sealedBytes, recipientKeyId, ct).ConfigureAwait(false);
        if (tooLarge is not null)
        {
            return new SendOutcome(name, SendStatus.Refused, tooLarge);
        }

        var result = answer!.SendResult?.Code == ErrorCode.KeyChanged
            ? await KeyChangedOnServerAsync(recipient, spki, answer.SendResult, ct).ConfigureAwait(false)
            : SendOutcomes.Of(name, answer);
        return messageId is null ? result : result with { MessageId = Convert.ToHexStringLower(messageId) };
    }

    /// <summary>
    /// Seals delivery receipts for messages <paramref name="from"/> sent and this client opened, in their session, and
    /// sends them without waiting for anything else. Nothing is sent when there is no session (it was lost meanwhile).
    /// </summary>
    public async Task SendReceiptAsync(string from, byte[] senderSpki, IReadOnlyList<byte[]> messageIds, CancellationToken ct)
    {
        var content = new Parley.Crypto.Envelope.SessionContent { SentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        foreach (var id in messageIds)
        {
            content.Receipts.Add(ByteString.CopyFrom(id));
        }

        byte[] sealedBytes;
        try
        {
            // No session (lost meanwhile): Seal refuses with NoSession, and nothing is sent.
            using var key = PeerKey.FromSpki(senderSpki);
            sealedBytes = sessions.Seal(key, new SessionNames(self.Normalized, from), content).Envelope;
        }
        catch (Exception ex) when (ex is SessionRejectedException or InvalidKeyException or Microsoft.Data.Sqlite.SqliteException or ArgumentException)
        {
            return;
        }

        await SendSealedAsync(from, sealedBytes, ByteString.Empty, ct).ConfigureAwait(false);
    }

    /// <summary>Sends an unsealed session notice (SESSION_UNKNOWN) back to <paramref name="to"/>, so its client starts a new session.</summary>
    public Task SendNoticeAsync(string to, byte[] notice, CancellationToken ct) => SendSealedAsync(to, notice, ByteString.Empty, ct);

    /// <summary>One SendMessage and its answer; the second item is why the frame could not be sent when it was too large.</summary>
    private async Task<(ServerFrame? Answer, string? TooLarge)> SendSealedAsync(string to, byte[] sealedBytes, ByteString recipientKeyId, CancellationToken ct)
    {
        // Serialized once by the sealer and wrapped, not copied: the frame writer's copy into the pipe is the only one.
        var wrapped = UnsafeByteOperations.UnsafeWrap(sealedBytes);
        ServerFrame answer;
        connection.ThrowIfClosed();
        try
        {
            answer = await connection.RequestAsync(
                id => new ClientFrame { Send = new SendMessage { RequestId = id, To = to, Sealed = wrapped, RecipientKeyId = recipientKeyId } },
                ct).ConfigureAwait(false);
        }
        catch (FrameTooLargeException ex)
        {
            return (null, ex.Message);
        }
        catch (ParleyException ex) when (ex.Kind == ParleyErrorKind.Disconnected)
        {
            // Never sent again by this client: only the user knows whether a second copy is wanted.
            throw new ParleyException(
                ParleyErrorKind.Disconnected,
                $"the connection was lost before the server answered: the message to {to} may or may not have been delivered, and is not sent again ({ex.Message})",
                ex);
        }

        return (answer, null);
    }

    public async Task<IReadOnlyList<SendOutcome>> SendToEveryoneAsync(string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        connection.ThrowIfClosed();
        var recipients = presence.Snapshot().Where(e => !IsSelf(e.Name)).ToList();

        // Sealing costs a private-key operation per recipient: spread it over the cores.
        var sends = recipients.Select(e => Task.Run(() => SendTextAsync(e.Name, text, ct), ct));
        return await Task.WhenAll(sends).ConfigureAwait(false);
    }

    public async Task<PeerInfo?> LookupAsync(string name, CancellationToken ct)
    {
        if (!IdentityName.TryParse(name, out var parsed, out _))
        {
            return null;
        }

        var peer = await lookups.LookupAsync(parsed, ct).ConfigureAwait(false);
        return peer is null ? null : views.Of(parsed.Normalized, peer.PublicKey.ToByteArray(), peer.Online, IsSelf(peer.Name)) with
        {
            RegisteredName = IdentityName.Parse(peer.Name).Normalized,
        };
    }

    /// <summary>Whether <paramref name="name"/> is this client's own name as registered, up to case.</summary>
    public bool IsSelf(string name) =>
        IdentityName.TryParse(name, out var parsed, out _) && parsed.CaseFoldKey == self.CaseFoldKey;

    /// <summary>
    /// The key to seal to for <paramref name="recipient"/>, where it came from, and the recipient's registered
    /// spelling (bound into a session message: <see cref="SessionNames"/>): this client's own key when the server
    /// reaches this client by that name, else the roster's, else the pin (no round trip: the send names the key and
    /// the server checks it), else one lookup. Null when the name is unknown.
    /// </summary>
    private async Task<(byte[]? Key, KeySource Source, string Registered)> ResolveRecipientAsync(IdentityName recipient, CancellationToken ct)
    {
        if (recipient.CaseFoldKey == self.CaseFoldKey)
        {
            return (identity.PublicKey.Spki, KeySource.Self, self.Normalized);
        }

        if (presence.Find(recipient) is { } entry)
        {
            return (entry.Spki, KeySource.Server, entry.Name);
        }

        // A pin says which key, not how the server spells the name: it stands for the registered spelling only when
        // it was pinned under the spelling given now (up to case). A lookalike spelling ("zoe" for "zoë") asks once.
        if (pins.PinnedKey(recipient.Normalized) is { } pinned
            && IdentityName.TryParse(pins.PinnedName(recipient.Normalized), out var pinnedName, out _)
            && pinnedName.CaseFoldKey == recipient.CaseFoldKey)
        {
            return (pinned, KeySource.Pin, recipient.Normalized);
        }

        var peer = await lookups.LookupAsync(recipient, ct).ConfigureAwait(false);
        return peer is null ? (null, KeySource.Server, recipient.Normalized)
            : IsSelf(peer.Name) ? (identity.PublicKey.Spki, KeySource.Self, self.Normalized)
            : (peer.PublicKey.ToByteArray(), KeySource.Server, peer.Name);
    }

    /// <summary>
    /// The server says the name's key is no longer the pinned one the message was sealed to: nothing was
    /// delivered. One lookup shows the key it presents now, reported as a key change (never trusted silently).
    /// </summary>
    private async Task<SendOutcome> KeyChangedOnServerAsync(IdentityName recipient, byte[] pinned, SendResult result, CancellationToken ct)
    {
        var name = recipient.Normalized;
        var peer = await lookups.LookupAsync(recipient, ct).ConfigureAwait(false);
        if (peer is not null && !IsSelf(peer.Name) && pins.Check(recipient, peer.PublicKey.ToByteArray(), out _) == PinStatus.Changed)
        {
            return KeyChanged(name, pinned, peer.PublicKey.ToByteArray());
        }

        return SendOutcomes.Of(name, result);
    }

    private SendOutcome KeyChanged(string name, byte[] pinnedKey, byte[] presented)
    {
        var pinned = KeyFingerprint.Format(pinnedKey);
        var shown = KeyFingerprint.Format(presented);
        emit(new KeyChangedEvent(name, pinned, shown));
        return new SendOutcome(
            name,
            SendStatus.KeyChanged,
            $"{name}'s key is now {shown}, not the pinned {pinned}; nothing was sent. "
            + "Compare fingerprints with them before trusting the new key");
    }

    private enum KeySource
    {
        Self,
        Server,
        Pin,
    }
}
