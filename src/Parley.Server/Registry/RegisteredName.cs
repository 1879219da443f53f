using System.Buffers;
using System.Text;
using Google.Protobuf;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Server.Registry;

/// <summary>A name and the key that owns it. Immutable; shared by the registry cache and the roster.</summary>
internal sealed class RegisteredName
{
    public RegisteredName(string key, string name, ByteString publicKey, string fingerprint, DateTimeOffset registeredAt)
    {
        Key = key;
        Name = name;
        NameUtf8 = Encoding.UTF8.GetBytes(name);
        PublicKey = publicKey;
        Fingerprint = fingerprint;
        RegisteredAt = registeredAt;
        KeyId = KeyFingerprint.KeyId(publicKey.Span);
        OnlinePeer = new Peer { Name = name, PublicKey = publicKey, Fingerprint = fingerprint, Online = true };
        OfflinePeer = new Peer { Name = name, PublicKey = publicKey, Fingerprint = fingerprint, Online = false };
    }

    /// <summary>
    /// The uniqueness key (<see cref="Parley.Protocol.NameRules.UniquenessKey"/>), or for a legacy name
    /// <see cref="NameRegistry.LegacyKeyPrefix"/> + its name.
    /// </summary>
    public string Key { get; }

    /// <summary>The name as first registered (NFC).</summary>
    public string Name { get; }

    /// <summary><see cref="Name"/> in UTF-8, as every delivery from this name carries it.</summary>
    public byte[] NameUtf8 { get; }

    /// <summary>Canonical SubjectPublicKeyInfo DER.</summary>
    public ByteString PublicKey { get; }

    public string Fingerprint { get; }

    /// <summary>SHA-256 of <see cref="PublicKey"/> (docs/protocol.md §6), what <c>SendMessage.recipient_key_id</c> is checked against.</summary>
    public byte[] KeyId { get; }

    public DateTimeOffset RegisteredAt { get; }

    // Shared, never mutated after construction: frames may reference them from several writers at once.
    public Peer OnlinePeer { get; }

    public Peer OfflinePeer { get; }

    public RegisteredName WithKey(string key) =>
        key == Key ? this : new RegisteredName(key, Name, PublicKey, Fingerprint, RegisteredAt);

    public bool IsOwnedBy(ReadOnlySpan<byte> publicKeySpki) => PublicKey.Span.SequenceEqual(publicKeySpki);

    public bool HasKeyId(in ReadOnlySequence<byte> keyId) =>
        keyId.Length == KeyId.Length && (keyId.IsSingleSegment ? keyId.FirstSpan : keyId.ToArray()).SequenceEqual(KeyId);
}
