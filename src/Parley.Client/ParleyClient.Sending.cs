using System.Diagnostics;
using Google.Protobuf;
using Parley.Client.Connection;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Client;

public sealed partial class ParleyClient
{
    /// <summary>
    /// Seals <paramref name="text"/> for <paramref name="to"/> (its key from the roster, else a lookup,
    /// checked against the pin) and waits for the server's answer. The message is sealed and
    /// addressed to the name asked for, and to the pinned key where there is one. A changed key
    /// sends nothing: the outcome is <see cref="SendStatus.KeyChanged"/> and a <see cref="KeyChangedEvent"/> is raised.
    /// </summary>
    /// <exception cref="ParleyException">Disconnected: the connection closed before the answer;
    /// ProtocolError: the server answered the lookup with another name (nothing was sent).</exception>
    public async Task<SendOutcome> SendTextAsync(string to, string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowIfClosed();
        if (!IdentityName.TryParse(to, out var recipient, out var nameError))
        {
            return new SendOutcome(to ?? string.Empty, SendStatus.Refused, $"'{to}' is not a valid name: {nameError}");
        }

        var name = recipient.Normalized;
        var (presented, isSelf) = await ResolveRecipientAsync(recipient, ct);
        if (presented is null)
        {
            return new SendOutcome(name, SendStatus.UnknownRecipient, $"no one is registered as '{name}'");
        }

        var spki = presented;
        if (!isSelf)
        {
            if (KnownPeers.Check(recipient, presented, out var pinnedKey) == PinStatus.Changed)
            {
                var pinned = KeyFingerprint.Format(pinnedKey);
                var shown = KeyFingerprint.Format(presented);
                Emit(new KeyChangedEvent(name, pinned, shown));
                return new SendOutcome(
                    name,
                    SendStatus.KeyChanged,
                    $"{name}'s key is now {shown}, not the pinned {pinned}; nothing was sent. "
                    + "Compare fingerprints with them before trusting the new key");
            }

            spki = pinnedKey;
        }

        byte[] sealedBytes;
        try
        {
            using var key = PeerKey.FromSpki(spki);
            sealedBytes = MessageSealer.Seal(_identity, Name, key, name, text, DateTimeOffset.UtcNow);
        }
        catch (InvalidKeyException ex)
        {
            return new SendOutcome(name, SendStatus.Refused, $"{name}'s key is unusable: {ex.Message}");
        }

        ServerFrame answer;
        try
        {
            answer = await RequestAsync(
                id => new ClientFrame { Send = new SendMessage { RequestId = id, To = name, Sealed = ByteString.CopyFrom(sealedBytes) } },
                ct);
        }
        catch (FrameTooLargeException ex)
        {
            return new SendOutcome(name, SendStatus.Refused, ex.Message);
        }

        return ToOutcome(name, answer.SendResult);
    }

    /// <summary>
    /// Sends <paramref name="text"/> to every online peer but this name, sealed for each one;
    /// one outcome per peer, in roster order. Needs <see cref="ParleyClientOptions.Presence"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This connection has no presence, so no roster.</exception>
    /// <exception cref="ParleyException">Disconnected.</exception>
    public async Task<IReadOnlyList<SendOutcome>> SendToEveryoneAsync(string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!_options.Presence)
        {
            throw new InvalidOperationException("sending to everyone needs the roster: connect with Presence = true");
        }

        ThrowIfClosed();
        var recipients = _roster.Snapshot().Where(e => !IsSelf(e.Name)).ToList();

        // Sealing costs a private-key operation per recipient: spread it over the cores.
        var sends = recipients.Select(e => Task.Run(() => SendTextAsync(e.Name, text, ct), ct));
        return await Task.WhenAll(sends);
    }

    /// <summary>
    /// A registered name's key and whether it is online; null when the name was never registered.
    /// The answer is checked to be about the name asked for, and carries that name.
    /// </summary>
    /// <exception cref="ParleyException">Disconnected; ProtocolError: the server answered with another name.</exception>
    public async Task<PeerInfo?> LookupAsync(string name, CancellationToken ct = default)
    {
        if (!IdentityName.TryParse(name, out var parsed, out _))
        {
            return null;
        }

        var peer = await LookupPeerAsync(parsed, ct);
        return peer is null ? null : ToPeerInfo(parsed.Normalized, peer.PublicKey.ToByteArray(), peer.Online, IsSelf(peer.Name)) with
        {
            RegisteredName = IdentityName.Parse(peer.Name).Normalized,
        };
    }

    /// <summary>Round trip to the server and back.</summary>
    /// <exception cref="ParleyException">Disconnected.</exception>
    public async Task<TimeSpan> PingAsync(CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        await RequestAsync(id => new ClientFrame { Ping = new Ping { Nonce = id } }, ct);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The server's answer for <paramref name="name"/>, null when unknown.</summary>
    /// <exception cref="ParleyException">ProtocolError: an answer about another name, without a key or with a key Parley refuses.</exception>
    private async Task<Peer?> LookupPeerAsync(IdentityName name, CancellationToken ct)
    {
        var answer = await RequestAsync(
            id => new ClientFrame { Lookup = new LookupPeer { RequestId = id, Name = name.Normalized } },
            ct);
        var result = answer.LookupResult;
        if (result.Code != ErrorCode.Ok)
        {
            return null;
        }

        if (result.Peer is not { } peer || peer.PublicKey.IsEmpty)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError,
                $"the server broke the protocol: it answered the lookup of '{name.Normalized}' without a key");
        }

        if (KeyRules.ProblemWith(peer.PublicKey.Span) is { } problem)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError,
                $"the server broke the protocol: it answered the lookup of '{name.Normalized}' with a key Parley refuses ({problem})");
        }

        if (!IdentityName.TryParse(peer.Name, out var answered, out _) || answered.UniquenessKey != name.UniquenessKey)
        {
            throw new ParleyException(
                ParleyErrorKind.ProtocolError,
                $"the server broke the protocol: asked for '{name.Normalized}', it answered with the key of {QuotedField.Of(peer.Name)}; "
                + "the answer was refused and nothing was sent");
        }

        return peer;
    }

    /// <summary>
    /// The key presented for <paramref name="recipient"/>, null when unknown, and whether the server
    /// reaches this client by that name (then the key is this client's own).
    /// </summary>
    private async Task<(byte[]? Key, bool IsSelf)> ResolveRecipientAsync(IdentityName recipient, CancellationToken ct)
    {
        if (recipient.CaseFoldKey == _self.CaseFoldKey)
        {
            return (_identity.PublicKey.Spki, true);
        }

        if (_roster.Find(recipient) is { } entry)
        {
            return (entry.Spki, false);
        }

        var peer = await LookupPeerAsync(recipient, ct);
        return peer is null ? (null, false)
            : IsSelf(peer.Name) ? (_identity.PublicKey.Spki, true)
            : (peer.PublicKey.ToByteArray(), false);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is this client's own name as registered, up to case. A lookalike
    /// spelling may reach this client or, on a server with names registered before lookalikes counted,
    /// someone else: look it up and ask about the name in the answer.
    /// </summary>
    public bool IsOwnName(string name) => IsSelf(name);

    private bool IsSelf(string name) =>
        IdentityName.TryParse(name, out var parsed, out _) && parsed.CaseFoldKey == _self.CaseFoldKey;

    private static SendOutcome ToOutcome(string to, SendResult result) => result.Code switch
    {
        ErrorCode.Ok => new SendOutcome(to, SendStatus.Delivered, result.DeliveredConnections == 1
            ? "delivered to 1 connection"
            : $"delivered to {result.DeliveredConnections} connections"),
        ErrorCode.UnknownRecipient => new SendOutcome(to, SendStatus.UnknownRecipient, Detail(result, $"no one is registered as '{to}'")),
        ErrorCode.RecipientOffline => new SendOutcome(to, SendStatus.RecipientOffline, Detail(result, $"{to} is offline; nothing is stored for later")),
        ErrorCode.RecipientBusy => new SendOutcome(to, SendStatus.RecipientBusy, Detail(result, $"{to} is not keeping up; try again")),
        _ => new SendOutcome(to, SendStatus.Refused, Detail(result, "the server refused the message")),
    };

    private static string Detail(SendResult result, string fallback) =>
        string.IsNullOrWhiteSpace(result.Message) ? fallback : result.Message;
}
