namespace Parley.Crypto.Sessions;

/// <summary>
/// A session public key with its owner's RSA signature over <see cref="PrekeyTranscript"/>: the identity
/// agreement key, a signed prekey or a post-quantum prekey, as a value (the wire form is the next layer's).
/// </summary>
/// <param name="Id">Names the key among its owner's keys of this kind (0 for the identity agreement key).</param>
/// <param name="PublicKey">A compressed P-256 point, or an ML-KEM-768 encapsulation key.</param>
public sealed record SignedPublicKey(PrekeyKind Kind, uint Id, long CreatedAtMs, byte[] PublicKey, byte[] Signature)
{
    /// <summary>Signs <paramref name="publicKey"/> as <paramref name="owner"/>'s key of this kind.</summary>
    public static SignedPublicKey Create(Identity owner, PrekeyKind kind, uint id, DateTimeOffset createdAt, byte[] publicKey)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var createdAtMs = createdAt.ToUnixTimeMilliseconds();
        var signature = owner.Sign(PrekeyTranscript.Build(kind, owner.PublicKey.KeyId, id, createdAtMs, publicKey));
        return new SignedPublicKey(kind, id, createdAtMs, publicKey, signature);
    }

    /// <summary>Whether <paramref name="owner"/> signed this key as a key of <paramref name="expectedKind"/>.</summary>
    public bool IsSignedBy(PeerKey owner, PrekeyKind expectedKind)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return Kind == expectedKind
            && owner.Verify(PrekeyTranscript.Build(Kind, owner.KeyId, Id, CreatedAtMs, PublicKey), Signature);
    }
}
