using System.Collections.Concurrent;
using Parley.Client.Connection;
using Parley.Client.Presence;
using Parley.Client.Storage;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Client.Messaging;

/// <summary>
/// Asks the server for a name's key, and checks the answer is about that name (docs/security.md).
/// Callers that ask for the same spelling while a lookup of it is on its way share that one lookup
/// and its checked answer (a send and a delivery from the same new peer, or several sends); an answer
/// is never reused once it has arrived, since a later question must see a later key.
/// </summary>
internal sealed class PeerLookups(IRequestChannel channel, PresenceFeed presence)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Peer?>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>The server's answer for <paramref name="name"/>, null when unknown.</summary>
    /// <exception cref="ParleyException">ProtocolError: an answer about another name, without a key or with a key Parley refuses;
    /// Disconnected.</exception>
    public Task<Peer?> LookupAsync(IdentityName name, CancellationToken ct)
    {
        // The entry is in the table before its lookup starts, so whoever asks next finds it.
        var lookup = _inFlight.GetOrAdd(name.Normalized, static (_, state) => new Lazy<Task<Peer?>>(
            () => state.Self.AskAsync(state.Name)), (Self: this, Name: name));
        return lookup.Value.WaitAsync(ct);
    }

    /// <summary>The key the server presents for a name: the roster's, else a lookup. Null for an unknown name.</summary>
    public async Task<byte[]?> FindKeyAsync(IdentityName name, CancellationToken ct)
    {
        if (presence.Find(name) is { } entry)
        {
            return entry.Spki;
        }

        var peer = await LookupAsync(name, ct).ConfigureAwait(false);
        return peer?.PublicKey.ToByteArray();
    }

    /// <summary>One lookup on the wire, not cancelled by any one caller: the others may still wait for it.</summary>
    private async Task<Peer?> AskAsync(IdentityName name)
    {
        try
        {
            var frame = await channel.RequestAsync(
                id => new ClientFrame { Lookup = new LookupPeer { RequestId = id, Name = name.Normalized } },
                CancellationToken.None).ConfigureAwait(false);
            return Checked(name, frame.LookupResult);
        }
        finally
        {
            // Out of the table before anyone sees the answer: whoever asks after it gets a fresh lookup.
            _inFlight.TryRemove(name.Normalized, out _);
        }
    }

    private static Peer? Checked(IdentityName name, LookupResult result)
    {
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
}
