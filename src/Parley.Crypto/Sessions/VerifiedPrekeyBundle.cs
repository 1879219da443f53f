namespace Parley.Crypto.Sessions;

/// <summary>
/// A <see cref="PrekeyBundle"/> whose every signature checked out against the identity the caller expected,
/// with its keys imported. Only <see cref="PrekeyBundleVerifier"/> makes one, so holding one is the proof.
/// </summary>
public sealed class VerifiedPrekeyBundle : IDisposable
{
    internal VerifiedPrekeyBundle(
        byte[] ownerKeyId,
        P256PublicKey identityAgreementKey,
        uint signedPrekeyId,
        DateTimeOffset signedPrekeyCreatedAt,
        P256PublicKey signedPrekey,
        uint postQuantumPrekeyId,
        byte[] postQuantumPrekey,
        uint? oneTimePrekeyId,
        P256PublicKey? oneTimePrekey)
    {
        OwnerKeyId = ownerKeyId;
        IdentityAgreementKey = identityAgreementKey;
        SignedPrekeyId = signedPrekeyId;
        SignedPrekeyCreatedAt = signedPrekeyCreatedAt;
        SignedPrekey = signedPrekey;
        PostQuantumPrekeyId = postQuantumPrekeyId;
        PostQuantumPrekey = postQuantumPrekey;
        OneTimePrekeyId = oneTimePrekeyId;
        OneTimePrekey = oneTimePrekey;
    }

    public byte[] OwnerKeyId { get; }

    public P256PublicKey IdentityAgreementKey { get; }

    public uint SignedPrekeyId { get; }

    /// <summary>When the owner says it made the signed prekey: a client refuses one older than the owner's rotation period plus grace (a server replaying an old bundle).</summary>
    public DateTimeOffset SignedPrekeyCreatedAt { get; }

    public P256PublicKey SignedPrekey { get; }

    public uint PostQuantumPrekeyId { get; }

    public byte[] PostQuantumPrekey { get; }

    public uint? OneTimePrekeyId { get; }

    public P256PublicKey? OneTimePrekey { get; }

    public void Dispose()
    {
        IdentityAgreementKey.Dispose();
        SignedPrekey.Dispose();
        OneTimePrekey?.Dispose();
    }
}
