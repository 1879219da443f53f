using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>
/// One side of a Double Ratchet session (Signal's spec, with P-256, HKDF-SHA-256, HMAC-SHA-256 chains and
/// AES-256-GCM; docs/sessions.md §4-§6). A message is header ‖ ciphertext ‖ tag; the GCM associated data is
/// the session's associated data ‖ the encoded header ‖ the bound names (<see cref="SessionNames.Bound"/>; empty
/// for the bare ratchet of the test vectors). Opening is all or nothing: a message that does not
/// open leaves the state exactly as it was. Not thread-safe: the store serializes use of one session.
/// </summary>
public sealed partial class RatchetSession : IDisposable
{
    private readonly RatchetLimits _limits;
    private readonly ISessionEntropy _entropy;
    private readonly SkippedMessageKeys _skipped = new();
    private readonly LinkedList<byte[]> _previousRemoteKeys = new();

    private byte[] _rootKey;
    private P256KeyPair _sendingKey;
    private byte[]? _remoteKey;
    private byte[]? _sendingChain;
    private byte[]? _receivingChain;
    private uint _sent;
    private uint _received;
    private uint _previousChainLength;

    // A disposed session's keys are zeros: sealing with them would reuse one key and nonce across sessions.
    private bool _disposed;

    private RatchetSession(byte[] associatedData, byte[] baseKey, byte[] rootKey, P256KeyPair sendingKey, RatchetLimits limits, ISessionEntropy entropy)
    {
        limits.Validate();
        AssociatedData = associatedData;
        BaseKey = baseKey;
        _rootKey = rootKey;
        _sendingKey = sendingKey;
        _limits = limits;
        _entropy = entropy;
    }

    /// <summary>Both parties' RSA key ids and identity agreement keys (<see cref="SessionAgreement"/>): part of every message's associated data.</summary>
    public byte[] AssociatedData { get; }

    /// <summary>The initiator's ephemeral key: names the agreement this session came from.</summary>
    public byte[] BaseKey { get; }

    /// <summary>
    /// The initiator's first-message header while no reply has opened: the sealer sends it with every
    /// message until then, so the responder can set up the session from whichever arrives first.
    /// </summary>
    public InitialHeader? PendingInitialHeader { get; private set; }

    /// <summary>This side's current ratchet public key, as the headers of the messages it seals now carry it.</summary>
    public byte[] SendingRatchetKey => _sendingKey.PublicKey;

    /// <summary>Skipped message keys held now (bounded by <see cref="RatchetLimits.MaxSkippedKeys"/>).</summary>
    public int SkippedKeyCount => _skipped.Count;

    /// <summary>Skipped keys dropped by this instance to stay within the bound (for a metrics counter).</summary>
    public long SkippedKeysDropped => _skipped.Dropped;

    /// <summary>The initiator's ratchet: a fresh ratchet key against the responder's signed prekey, ready to send.</summary>
    public static RatchetSession StartAsInitiator(InitiatorAgreement agreement, ISessionEntropy entropy, RatchetLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(entropy);
        return StartAsInitiator(agreement, P256KeyPair.Generate(entropy), entropy, limits);
    }

    /// <summary>The deterministic core: the test vectors fix the first ratchet key.</summary>
    internal static RatchetSession StartAsInitiator(InitiatorAgreement agreement, P256KeyPair firstRatchetKey, ISessionEntropy entropy, RatchetLimits? limits = null)
    {
        using var remote = P256PublicKey.Import(agreement.RemoteSignedPrekey);
        var (rootKey, sendingChain) = RatchetKdf.Root(agreement.SharedSecret, firstRatchetKey.Agree(remote));
        RatchetPublicKeys.Remember(firstRatchetKey);
        return new RatchetSession(agreement.AssociatedData, agreement.Header.EphemeralKey, rootKey, firstRatchetKey, limits ?? RatchetLimits.Default, entropy)
        {
            _remoteKey = agreement.RemoteSignedPrekey,
            _sendingChain = sendingChain,
            PendingInitialHeader = agreement.Header,
        };
    }

    /// <summary>
    /// The responder's ratchet, whose first ratchet key is the signed prekey the agreement used. It can only
    /// open until then: call <see cref="Open"/> with the first message before anything else.
    /// </summary>
    public static RatchetSession StartAsResponder(ResponderAgreement agreement, P256KeyPair signedPrekey, ISessionEntropy entropy, RatchetLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(signedPrekey);
        ArgumentNullException.ThrowIfNull(entropy);
        var ownCopy = P256KeyPair.FromPrivate(signedPrekey.ExportPrivate());
        return new RatchetSession(agreement.AssociatedData, agreement.BaseKey, agreement.SharedSecret.ToArray(), ownCopy, limits ?? RatchetLimits.Default, entropy);
    }

    /// <summary>Seals <paramref name="plaintext"/> as the next message of the sending chain, padded to a bucket.</summary>
    /// <param name="boundNames">Appended to the associated data and never sent (<see cref="SessionNames.Bound"/>): the opener must give the same bytes.</param>
    /// <exception cref="InvalidOperationException">A responder that has not opened the first message yet.</exception>
    /// <exception cref="SessionRejectedException"><see cref="SessionRejection.Exhausted"/>: 2^32 - 1 messages in one chain.</exception>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> boundNames = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_sendingChain is null)
        {
            throw new InvalidOperationException("a responder's session sends only after it has opened the initiator's first message");
        }

        if (_sent == uint.MaxValue)
        {
            throw new SessionRejectedException(SessionRejection.Exhausted, "the sending chain is at its last message number");
        }

        var (nextChain, messageKey) = RatchetKdf.Chain(_sendingChain);
        var header = new RatchetHeader(_sendingKey.PublicKey, _previousChainLength, _sent).Encode();
        var message = Encrypt(messageKey, header, plaintext, boundNames);
        CryptographicOperations.ZeroMemory(_sendingChain);
        _sendingChain = nextChain;
        _sent++;
        return message;
    }

    /// <summary>Opens a message from the peer, moving the ratchet on; nothing changes if it does not open.</summary>
    /// <param name="boundNames">The names the sealer bound (<see cref="SessionNames.Bound"/>), as this side expects them.</param>
    /// <exception cref="SessionRejectedException">
    /// <see cref="SessionRejection.Tampered"/>: it does not authenticate (header, ciphertext, tag or associated data changed,
    /// or it was sealed for other names than <paramref name="boundNames"/>);
    /// <see cref="SessionRejection.Replayed"/>: its number was already opened (or its skipped key dropped);
    /// <see cref="SessionRejection.TooManySkipped"/>: it is further ahead than <see cref="RatchetLimits.MaxSkipPerChain"/>;
    /// <see cref="SessionRejection.Malformed"/>, <see cref="SessionRejection.InvalidKey"/>: not a ratchet message.
    /// </exception>
    public byte[] Open(ReadOnlySpan<byte> message, ReadOnlySpan<byte> boundNames = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var header = RatchetHeader.Decode(message, out var headerLength);
        var headerBytes = message[..headerLength];
        var body = message[headerLength..];
        if (body.Length < SessionSuite.TagBytes + 1)
        {
            throw new SessionRejectedException(SessionRejection.Malformed, "the message is shorter than a tag and one byte");
        }

        if (header.MessageNumber == uint.MaxValue)
        {
            // Seal never uses the last number, so the count of messages opened always fits.
            throw new SessionRejectedException(SessionRejection.Malformed, "message number 2^32 - 1 is never sent");
        }

        if (_skipped.Find(header.RatchetKey, header.MessageNumber) is { } skippedKey)
        {
            var plaintext = Decrypt(skippedKey, headerBytes, body, boundNames);
            _skipped.Remove(header.RatchetKey, header.MessageNumber);
            return plaintext;
        }

        if (_remoteKey is not null && header.RatchetKey.AsSpan().SequenceEqual(_remoteKey) && _receivingChain is not null)
        {
            if (header.MessageNumber < _received)
            {
                throw Replayed(header);
            }

            var step = Advance(header.RatchetKey, _receivingChain, _received, header.MessageNumber);
            byte[] opened;
            try
            {
                opened = Decrypt(step.MessageKey, headerBytes, body, boundNames);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(step.MessageKey);
            }

            Commit(step.Skipped);
            ReplaceSecret(ref _receivingChain, step.NextChain);
            _received = header.MessageNumber + 1;
            return opened;
        }

        if (_previousRemoteKeys.Any(k => k.AsSpan().SequenceEqual(header.RatchetKey)) || _skipped.HasAnyFor(header.RatchetKey))
        {
            throw Replayed(header);
        }

        return OpenWithNewRatchetKey(header, headerBytes, body, boundNames);
    }

    private byte[] OpenWithNewRatchetKey(RatchetHeader header, ReadOnlySpan<byte> headerBytes, ReadOnlySpan<byte> body, ReadOnlySpan<byte> boundNames)
    {
        using var remote = P256PublicKey.Import(header.RatchetKey);
        var skippedBefore = _receivingChain is not null && _remoteKey is not null
            ? Advance(_remoteKey, _receivingChain, _received, header.PreviousChainLength).Skipped
            : [];

        var (rootAfterReceive, receivingChain) = RatchetKdf.Root(_rootKey, _sendingKey.Agree(remote));
        var newSendingKey = P256KeyPair.Generate(_entropy);
        try
        {
            RatchetPublicKeys.Remember(newSendingKey);
            var (rootAfterSend, sendingChain) = RatchetKdf.Root(rootAfterReceive, newSendingKey.Agree(remote));
            var step = Advance(header.RatchetKey, receivingChain, 0, header.MessageNumber);
            byte[] opened;
            try
            {
                opened = Decrypt(step.MessageKey, headerBytes, body, boundNames);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(step.MessageKey);
            }

            Commit(skippedBefore);
            Commit(step.Skipped);
            if (_remoteKey is not null)
            {
                Remember(_remoteKey);
            }

            _previousChainLength = _sent;
            _sent = 0;
            _received = header.MessageNumber + 1;
            _remoteKey = header.RatchetKey;
            ReplaceSecret(ref _receivingChain, step.NextChain);
            CryptographicOperations.ZeroMemory(_rootKey);
            _rootKey = rootAfterSend;
            ReplaceSecret(ref _sendingChain, sendingChain);
            _sendingKey.Dispose();
            _sendingKey = newSendingKey;
            PendingInitialHeader = null;
            return opened;
        }
        catch
        {
            newSendingKey.Dispose();
            throw;
        }
    }

    /// <summary>Runs a receiving chain from number <paramref name="from"/> up to <paramref name="until"/>: the keys skipped, that message's key, and the chain after it.</summary>
    private ChainStep Advance(byte[] ratchetKey, byte[] chain, uint from, uint until)
    {
        if (until > from && until - from > (uint)_limits.MaxSkipPerChain)
        {
            throw new SessionRejectedException(
                SessionRejection.TooManySkipped,
                $"the message is {until - from} messages ahead in its chain; at most {_limits.MaxSkipPerChain} are skipped");
        }

        var skipped = new List<SkippedMessageKeys.Entry>();
        var current = chain;
        for (var n = from; n < until; n++)
        {
            var (next, key) = RatchetKdf.Chain(current);
            skipped.Add(new SkippedMessageKeys.Entry(ratchetKey, n, key));
            current = next;
        }

        var (afterThis, messageKey) = RatchetKdf.Chain(current);
        return new ChainStep(skipped, messageKey, afterThis);
    }

    private void Commit(List<SkippedMessageKeys.Entry> skipped)
    {
        foreach (var entry in skipped)
        {
            _skipped.Add(entry, _limits.MaxSkippedKeys);
        }
    }

    private void Remember(byte[] remoteKey)
    {
        _previousRemoteKeys.AddLast(remoteKey);
        while (_previousRemoteKeys.Count > _limits.RememberedChains)
        {
            _previousRemoteKeys.RemoveFirst();
        }
    }

    private byte[] Encrypt(byte[] messageKey, byte[] header, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> boundNames)
    {
        var total = MessagePadding.Bucket(header.Length + plaintext.Length + 1 + SessionSuite.TagBytes);
        var padded = MessagePadding.Pad(plaintext, total - header.Length - SessionSuite.TagBytes);
        var message = new byte[total];
        header.CopyTo(message, 0);
        try
        {
            using var gcm = new AesGcm(messageKey, SessionSuite.TagBytes);
            gcm.Encrypt(RatchetKdf.MessageNonce, padded, message.AsSpan(header.Length, padded.Length), message.AsSpan(total - SessionSuite.TagBytes), MessageAssociatedData(header, boundNames));
            return message;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    private byte[] Decrypt(byte[] messageKey, ReadOnlySpan<byte> header, ReadOnlySpan<byte> body, ReadOnlySpan<byte> boundNames)
    {
        var ciphertext = body[..^SessionSuite.TagBytes];
        var padded = new byte[ciphertext.Length];
        try
        {
            using var gcm = new AesGcm(messageKey, SessionSuite.TagBytes);
            gcm.Decrypt(RatchetKdf.MessageNonce, ciphertext, body[^SessionSuite.TagBytes..], padded, MessageAssociatedData(header, boundNames));
            return MessagePadding.Unpad(padded);
        }
        catch (CryptographicException)
        {
            throw new SessionRejectedException(SessionRejection.Tampered, "the message does not authenticate: its header, ciphertext or associated data was changed");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    private byte[] MessageAssociatedData(ReadOnlySpan<byte> header, ReadOnlySpan<byte> boundNames) => [.. AssociatedData, .. header, .. boundNames];

    private static void ReplaceSecret(ref byte[]? field, byte[] value)
    {
        CryptographicOperations.ZeroMemory(field);
        field = value;
    }

    private static SessionRejectedException Replayed(RatchetHeader header) =>
        new(SessionRejection.Replayed, $"message {header.MessageNumber} of this chain was already opened (or its key was dropped): not opened twice");

    public void Dispose()
    {
        _disposed = true;
        _sendingKey.Dispose();
        CryptographicOperations.ZeroMemory(_rootKey);
        CryptographicOperations.ZeroMemory(_sendingChain);
        CryptographicOperations.ZeroMemory(_receivingChain);
        _skipped.Clear();
    }

    private sealed record ChainStep(List<SkippedMessageKeys.Entry> Skipped, byte[] MessageKey, byte[] NextChain);
}
