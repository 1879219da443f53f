namespace Parley.Crypto.Sessions;

/// <summary>
/// This client's own session keys, as its store holds them: the identity agreement key and the prekeys
/// it has published, looked up by the ids a first message names. The store (SQLite under --home, next
/// session) keeps the private halves; this is all the agreement asks of it.
/// </summary>
public interface ILocalSessionKeys
{
    /// <summary>This client's RSA key id (SHA-256 of its SPKI).</summary>
    byte[] OwnerKeyId { get; }

    P256KeyPair IdentityAgreementKey { get; }

    /// <summary>The identity agreement key's public half with its RSA signature, as first messages carry it.</summary>
    SignedPublicKey SignedIdentityAgreementKey { get; }

    /// <summary>A signed prekey still held (the current one, and the previous one for a grace period after rotation).</summary>
    P256KeyPair? FindSignedPrekey(uint id);

    P256KeyPair? FindOneTimePrekey(uint id);

    MlKem768? FindPostQuantumPrekey(uint id);
}
