using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>
/// A session's state as bytes, for the store to keep (SQLite under --home, written in the same transaction
/// as the message it came from). Version 1 layout (docs/sessions.md §8), all integers big-endian:
/// uint8 version | uint16 len | associated data | base key (33) | root key (32) | own ratchet private key (32)
/// | uint8 flags (1 remote key, 2 sending chain, 4 receiving chain, 8 pending initial header)
/// | [remote ratchet key (33)] | [sending chain (32)] | [receiving chain (32)] | uint32 sent | uint32 received
/// | uint32 previous chain length | [uint32 len | initial header] | uint16 count | earlier remote keys (33 each)
/// | uint32 count | skipped keys, oldest first: ratchet key (33) | uint32 number | message key (32).
/// The limits are configuration, not state: they are given again on <see cref="RatchetSession.Deserialize"/>.
/// </summary>
public sealed partial class RatchetSession
{
    public const byte StateVersion = 1;

    private const byte HasRemoteKey = 1;
    private const byte HasSendingChain = 2;
    private const byte HasReceivingChain = 4;
    private const byte HasPendingHeader = 8;
    private const int MaxInitialHeaderBytes = 4096;

    /// <summary>The whole state; it holds secrets (root, chain and skipped message keys): store it as such.</summary>
    public byte[] Serialize()
    {
        var pending = PendingInitialHeader?.Encode();
        var flags = (byte)((_remoteKey is null ? 0 : HasRemoteKey)
            | (_sendingChain is null ? 0 : HasSendingChain)
            | (_receivingChain is null ? 0 : HasReceivingChain)
            | (pending is null ? 0 : HasPendingHeader));
        const int keyBytes = SessionSuite.KeyBytes;
        const int pointBytes = P256PublicKey.EncodedBytes;
        var length = 1 + 2 + AssociatedData.Length + pointBytes + keyBytes + P256KeyPair.PrivateBytes + 1
            + (_remoteKey is null ? 0 : pointBytes)
            + (_sendingChain is null ? 0 : keyBytes)
            + (_receivingChain is null ? 0 : keyBytes)
            + 12
            + (pending is null ? 0 : 4 + pending.Length)
            + 2 + _previousRemoteKeys.Count * pointBytes
            + 4 + _skipped.Count * (pointBytes + 4 + keyBytes);
        var bytes = new byte[length];
        var writer = new SpanWriter(bytes);
        writer.Byte(StateVersion);
        writer.UInt16((ushort)AssociatedData.Length);
        writer.Bytes(AssociatedData);
        writer.Bytes(BaseKey);
        writer.Bytes(_rootKey);
        var ownPrivate = _sendingKey.ExportPrivate();
        writer.Bytes(ownPrivate);
        CryptographicOperations.ZeroMemory(ownPrivate);
        writer.Byte(flags);
        writer.Bytes(_remoteKey);
        writer.Bytes(_sendingChain);
        writer.Bytes(_receivingChain);
        writer.UInt32(_sent);
        writer.UInt32(_received);
        writer.UInt32(_previousChainLength);
        if (pending is not null)
        {
            writer.UInt32((uint)pending.Length);
            writer.Bytes(pending);
        }

        writer.UInt16((ushort)_previousRemoteKeys.Count);
        foreach (var key in _previousRemoteKeys)
        {
            writer.Bytes(key);
        }

        writer.UInt32((uint)_skipped.Count);
        foreach (var entry in _skipped.Entries)
        {
            writer.Bytes(entry.RatchetKey);
            writer.UInt32(entry.Number);
            writer.Bytes(entry.MessageKey);
        }

        return bytes;
    }

    /// <summary>A session from <see cref="Serialize"/>'s bytes, under the limits in force now.</summary>
    /// <exception cref="SessionRejectedException">Another version, or not a state of that version's layout.</exception>
    public static RatchetSession Deserialize(ReadOnlySpan<byte> state, ISessionEntropy entropy, RatchetLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        var reader = new SpanReader(state);
        var version = reader.Byte();
        if (version != StateVersion)
        {
            throw new SessionRejectedException(SessionRejection.UnsupportedVersion, $"session state version {version} is not supported");
        }

        var associatedData = reader.Bytes(reader.UInt16());
        var baseKey = reader.Bytes(P256PublicKey.EncodedBytes);
        var rootKey = reader.Bytes(SessionSuite.KeyBytes);
        var sendingKey = RatchetPublicKeys.Restore(reader.Span(P256KeyPair.PrivateBytes));
        try
        {
            var flags = reader.Byte();
            if ((flags & ~(HasRemoteKey | HasSendingChain | HasReceivingChain | HasPendingHeader)) != 0)
            {
                throw new SessionRejectedException(SessionRejection.Malformed, "unknown session state flags");
            }

            var session = new RatchetSession(associatedData, baseKey, rootKey, sendingKey, limits ?? RatchetLimits.Default, entropy)
            {
                _remoteKey = (flags & HasRemoteKey) != 0 ? reader.Bytes(P256PublicKey.EncodedBytes) : null,
                _sendingChain = (flags & HasSendingChain) != 0 ? reader.Bytes(SessionSuite.KeyBytes) : null,
                _receivingChain = (flags & HasReceivingChain) != 0 ? reader.Bytes(SessionSuite.KeyBytes) : null,
                _sent = reader.UInt32(),
                _received = reader.UInt32(),
                _previousChainLength = reader.UInt32(),
            };
            if ((flags & HasPendingHeader) != 0)
            {
                var headerLength = reader.UInt32();
                if (headerLength > MaxInitialHeaderBytes)
                {
                    throw new SessionRejectedException(SessionRejection.Malformed, "the pending initial header is too long");
                }

                session.PendingInitialHeader = InitialHeader.Decode(reader.Span((int)headerLength));
            }

            for (int i = 0, count = reader.UInt16(); i < count; i++)
            {
                session._previousRemoteKeys.AddLast(reader.Bytes(P256PublicKey.EncodedBytes));
            }

            var skipped = reader.UInt32();
            if (skipped > (uint)reader.Remaining / (P256PublicKey.EncodedBytes + 4 + SessionSuite.KeyBytes))
            {
                throw new SessionRejectedException(SessionRejection.Malformed, "the bytes end early");
            }

            for (var i = 0u; i < skipped; i++)
            {
                var entry = new SkippedMessageKeys.Entry(reader.Bytes(P256PublicKey.EncodedBytes), reader.UInt32(), reader.Bytes(SessionSuite.KeyBytes));
                session._skipped.Add(entry, int.MaxValue);
            }

            reader.End();
            return session;
        }
        catch
        {
            sendingKey.Dispose();
            throw;
        }
    }
}
