namespace Parley.Crypto.Sessions;

/// <summary>An <see cref="ILocalSessionKeys"/> made of given keys, one of each: for the test vectors.</summary>
internal sealed class FixedSessionKeys(
    byte[] ownerKeyId,
    P256KeyPair identityAgreementKey,
    SignedPublicKey signedIdentityAgreementKey,
    (uint Id, P256KeyPair Key)? signedPrekey = null,
    (uint Id, P256KeyPair Key)? oneTimePrekey = null,
    (uint Id, MlKem768 Key)? postQuantumPrekey = null) : ILocalSessionKeys
{
    public byte[] OwnerKeyId => ownerKeyId;

    public P256KeyPair IdentityAgreementKey => identityAgreementKey;

    public SignedPublicKey SignedIdentityAgreementKey => signedIdentityAgreementKey;

    public P256KeyPair? FindSignedPrekey(uint id) => signedPrekey is { } k && k.Id == id ? k.Key : null;

    public P256KeyPair? FindOneTimePrekey(uint id) => oneTimePrekey is { } k && k.Id == id ? k.Key : null;

    public MlKem768? FindPostQuantumPrekey(uint id) => postQuantumPrekey is { } k && k.Id == id ? k.Key : null;
}
