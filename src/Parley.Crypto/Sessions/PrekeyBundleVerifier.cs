using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>Checks a fetched <see cref="PrekeyBundle"/> against the RSA identity the caller expects (the pinned one).</summary>
public static class PrekeyBundleVerifier
{
    /// <exception cref="SessionRejectedException">
    /// <see cref="SessionRejection.WrongIdentity"/>: the bundle names another owner;
    /// <see cref="SessionRejection.BadSignature"/>: a signature does not verify as that owner's key of that kind;
    /// <see cref="SessionRejection.InvalidKey"/>: a key is not a valid P-256 point or ML-KEM-768 key.
    /// </exception>
    public static VerifiedPrekeyBundle Verify(PrekeyBundle bundle, PeerKey expectedOwner)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(expectedOwner);
        if (!CryptographicOperations.FixedTimeEquals(bundle.OwnerKeyId, expectedOwner.KeyId))
        {
            throw new SessionRejectedException(SessionRejection.WrongIdentity, "the prekey bundle belongs to another identity than the one expected");
        }

        RequireSignature(bundle.IdentityAgreementKey, expectedOwner, PrekeyKind.IdentityAgreement, "identity agreement key");
        RequireSignature(bundle.SignedPrekey, expectedOwner, PrekeyKind.SignedPrekey, "signed prekey");
        RequireSignature(bundle.PostQuantumPrekey, expectedOwner, PrekeyKind.PostQuantumPrekey, "post-quantum prekey");
        MlKem768.Validate(bundle.PostQuantumPrekey.PublicKey);

        var keys = new List<IDisposable>();
        try
        {
            var identity = Track(keys, P256PublicKey.Import(bundle.IdentityAgreementKey.PublicKey));
            var signed = Track(keys, P256PublicKey.Import(bundle.SignedPrekey.PublicKey));
            var oneTime = bundle.OneTimePrekey is { } otp ? Track(keys, P256PublicKey.Import(otp.PublicKey)) : null;
            return new VerifiedPrekeyBundle(
                expectedOwner.KeyId,
                identity,
                bundle.SignedPrekey.Id,
                DateTimeOffset.FromUnixTimeMilliseconds(bundle.SignedPrekey.CreatedAtMs),
                signed,
                bundle.PostQuantumPrekey.Id,
                bundle.PostQuantumPrekey.PublicKey.ToArray(),
                bundle.OneTimePrekey?.Id,
                oneTime);
        }
        catch
        {
            keys.ForEach(k => k.Dispose());
            throw;
        }
    }

    /// <summary>The initiator's identity agreement key from a first message, checked as <paramref name="expectedOwner"/>'s.</summary>
    /// <exception cref="SessionRejectedException">Not signed by that owner as its identity agreement key, or not a valid point.</exception>
    public static P256PublicKey VerifyIdentityAgreementKey(SignedPublicKey key, PeerKey expectedOwner)
    {
        ArgumentNullException.ThrowIfNull(key);
        RequireSignature(key, expectedOwner, PrekeyKind.IdentityAgreement, "identity agreement key");
        return P256PublicKey.Import(key.PublicKey);
    }

    private static void RequireSignature(SignedPublicKey key, PeerKey owner, PrekeyKind kind, string what)
    {
        if (!key.IsSignedBy(owner, kind))
        {
            throw new SessionRejectedException(SessionRejection.BadSignature, $"the {what} is not signed by {owner.Fingerprint} as its {what}");
        }
    }

    private static T Track<T>(List<IDisposable> keys, T key)
        where T : IDisposable
    {
        keys.Add(key);
        return key;
    }
}
