using Parley.Crypto.Sessions;

namespace Parley.Crypto.Tests.Sessions;

/// <summary>A bundle is used only when every signature in it is the expected identity's, over the right kind of key.</summary>
public sealed class PrekeyBundleTests(Identities ids) : IClassFixture<Identities>
{
    [Fact]
    public void A_bundle_as_published_verifies_against_its_owner()
    {
        using var bob = LocalSessionKeys.Create(ids.Bob, SessionPair.Now, SystemEntropy.Instance);
        var oneTime = bob.AddOneTimePrekeys(1)[0];

        using var verified = PrekeyBundleVerifier.Verify(bob.Bundle(oneTime), ids.Bob.PublicKey);

        Assert.Equal(bob.CurrentSignedPrekey.Id, verified.SignedPrekeyId);
        Assert.Equal(SessionPair.Now, verified.SignedPrekeyCreatedAt);
        Assert.Equal(oneTime.Id, verified.OneTimePrekeyId);
        Assert.Equal(bob.IdentityAgreementKey.PublicKey, verified.IdentityAgreementKey.Encoded);
    }

    [Fact]
    public void A_bundle_checked_against_another_identity_than_its_owner_is_refused()
    {
        using var bob = LocalSessionKeys.Create(ids.Bob, SessionPair.Now, SystemEntropy.Instance);

        Assert.Equal(SessionRejection.WrongIdentity, Reject(bob.Bundle(null), ids.Mallory.PublicKey));

        // The server relabels Mallory's bundle as Bob's: the signatures are not Bob's.
        using var mallory = LocalSessionKeys.Create(ids.Mallory, SessionPair.Now, SystemEntropy.Instance);
        Assert.Equal(SessionRejection.BadSignature, Reject(mallory.Bundle(null) with { OwnerKeyId = ids.Bob.PublicKey.KeyId }, ids.Bob.PublicKey));
    }

    [Fact]
    public void A_signed_prekey_with_a_flipped_signature_bit_is_refused()
    {
        using var bob = LocalSessionKeys.Create(ids.Bob, SessionPair.Now, SystemEntropy.Instance);
        var bundle = bob.Bundle(null);
        var signature = bundle.SignedPrekey.Signature.ToArray();
        signature[10] ^= 0x01;

        Assert.Equal(SessionRejection.BadSignature, Reject(bundle with { SignedPrekey = bundle.SignedPrekey with { Signature = signature } }, ids.Bob.PublicKey));
    }

    [Fact]
    public void A_substituted_signed_prekey_or_changed_id_or_time_is_refused()
    {
        using var bob = LocalSessionKeys.Create(ids.Bob, SessionPair.Now, SystemEntropy.Instance);
        using var substitute = P256KeyPair.Generate(SystemEntropy.Instance);
        var bundle = bob.Bundle(null);

        Assert.Equal(SessionRejection.BadSignature, Reject(bundle with { SignedPrekey = bundle.SignedPrekey with { PublicKey = substitute.PublicKey } }, ids.Bob.PublicKey));
        Assert.Equal(SessionRejection.BadSignature, Reject(bundle with { SignedPrekey = bundle.SignedPrekey with { Id = 7 } }, ids.Bob.PublicKey));
        Assert.Equal(SessionRejection.BadSignature, Reject(bundle with { SignedPrekey = bundle.SignedPrekey with { CreatedAtMs = 1 } }, ids.Bob.PublicKey));
        Assert.Equal(SessionRejection.BadSignature, Reject(bundle with { IdentityAgreementKey = bundle.IdentityAgreementKey with { PublicKey = substitute.PublicKey } }, ids.Bob.PublicKey));
    }

    [Fact]
    public void A_key_signed_as_one_kind_is_refused_in_the_place_of_another()
    {
        using var bob = LocalSessionKeys.Create(ids.Bob, SessionPair.Now, SystemEntropy.Instance);
        var bundle = bob.Bundle(null);

        // Bob's genuinely signed prekey offered as his identity agreement key, relabelled or not.
        Assert.Equal(SessionRejection.BadSignature, Reject(bundle with { IdentityAgreementKey = bundle.SignedPrekey }, ids.Bob.PublicKey));
        Assert.Equal(SessionRejection.BadSignature, Reject(bundle with { IdentityAgreementKey = bundle.SignedPrekey with { Kind = PrekeyKind.IdentityAgreement } }, ids.Bob.PublicKey));
    }

    [Fact]
    public void A_post_quantum_prekey_that_is_not_an_ml_kem_key_is_refused_even_when_signed()
    {
        using var bob = LocalSessionKeys.Create(ids.Bob, SessionPair.Now, SystemEntropy.Instance);
        var junk = SignedPublicKey.Create(ids.Bob, PrekeyKind.PostQuantumPrekey, 9, SessionPair.Now, Enumerable.Repeat((byte)0xFF, MlKem768.PublicKeyBytes).ToArray());

        Assert.Equal(SessionRejection.InvalidKey, Reject(bob.Bundle(null) with { PostQuantumPrekey = junk }, ids.Bob.PublicKey));
    }

    [Fact]
    public void A_one_time_prekey_that_is_not_a_point_is_refused()
    {
        using var bob = LocalSessionKeys.Create(ids.Bob, SessionPair.Now, SystemEntropy.Instance);

        Assert.Equal(SessionRejection.InvalidKey, Reject(bob.Bundle(new OneTimePrekey(1, new byte[33])), ids.Bob.PublicKey));
    }

    private static SessionRejection Reject(PrekeyBundle bundle, PeerKey expected) =>
        Assert.Throws<SessionRejectedException>(() => PrekeyBundleVerifier.Verify(bundle, expected).Dispose()).Reason;
}
