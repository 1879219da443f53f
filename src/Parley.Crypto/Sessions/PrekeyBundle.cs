namespace Parley.Crypto.Sessions;

/// <summary>
/// What the server hands out to someone who wants to start a session with <paramref name="OwnerKeyId"/>:
/// the owner's signed identity agreement key, current signed prekey and post-quantum prekey, and one
/// one-time prekey while any are left (none when they have run out: the agreement then goes without DH4).
/// </summary>
/// <param name="OwnerKeyId">The owner's RSA key id (SHA-256 of its SPKI) as the server claims it.</param>
public sealed record PrekeyBundle(
    byte[] OwnerKeyId,
    SignedPublicKey IdentityAgreementKey,
    SignedPublicKey SignedPrekey,
    SignedPublicKey PostQuantumPrekey,
    OneTimePrekey? OneTimePrekey);

/// <summary>A one-time prekey's public half. Not signed: a substituted one only changes DH4, which the signed keys' DH outputs already protect.</summary>
public sealed record OneTimePrekey(uint Id, byte[] PublicKey);
