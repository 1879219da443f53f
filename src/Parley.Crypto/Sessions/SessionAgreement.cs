using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>
/// The PQXDH-style agreement (docs/sessions.md §3). With IA the initiator's identity agreement key, EK its
/// ephemeral key, and IB, SPK, OPK, PQPK the responder's identity agreement key and prekeys:
/// DH1 = DH(IA, SPK), DH2 = DH(EK, IB), DH3 = DH(EK, SPK), DH4 = DH(EK, OPK) when a one-time prekey was
/// handed out, (ct, ss) = ML-KEM-768.Encaps(PQPK), and
/// SK = HKDF-SHA-256(salt = 32 zero bytes, IKM = 0xFF×32 ‖ DH1 ‖ DH2 ‖ DH3 ‖ [DH4] ‖ ss, info = suite name).
/// </summary>
public static class SessionAgreement
{
    /// <summary>Runs the agreement against a verified bundle with a fresh ephemeral key.</summary>
    public static InitiatorAgreement Initiate(ILocalSessionKeys own, VerifiedPrekeyBundle remote, ISessionEntropy entropy)
    {
        ArgumentNullException.ThrowIfNull(entropy);
        using var ephemeral = P256KeyPair.Generate(entropy);
        return Initiate(own, remote, ephemeral, entropy);
    }

    /// <summary>The deterministic core: the test vectors fix <paramref name="ephemeral"/> and the KEM's randomness.</summary>
    internal static InitiatorAgreement Initiate(ILocalSessionKeys own, VerifiedPrekeyBundle remote, P256KeyPair ephemeral, ISessionEntropy kemEntropy)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(remote);
        var (ciphertext, kemSecret) = MlKem768.Encapsulate(remote.PostQuantumPrekey, kemEntropy);
        var dh1 = own.IdentityAgreementKey.Agree(remote.SignedPrekey);
        var dh2 = ephemeral.Agree(remote.IdentityAgreementKey);
        var dh3 = ephemeral.Agree(remote.SignedPrekey);
        var dh4 = remote.OneTimePrekey is { } oneTime ? ephemeral.Agree(oneTime) : null;
        var secret = DeriveSecret(dh1, dh2, dh3, dh4, kemSecret);
        var header = new InitialHeader(
            own.SignedIdentityAgreementKey,
            ephemeral.PublicKey,
            remote.SignedPrekeyId,
            remote.PostQuantumPrekeyId,
            remote.OneTimePrekeyId,
            ciphertext);
        var associatedData = AssociatedData(own.OwnerKeyId, own.IdentityAgreementKey.PublicKey, remote.OwnerKeyId, remote.IdentityAgreementKey.Encoded);
        return new InitiatorAgreement(secret, associatedData, header, remote.SignedPrekey.Encoded);
    }

    /// <summary>Reproduces SK from the initiator's first-message header.</summary>
    /// <param name="initiator">Who the server says sent it (the pinned key): the header's identity agreement key must be signed by it.</param>
    /// <exception cref="SessionRejectedException">
    /// <see cref="SessionRejection.BadSignature"/>: the identity agreement key is not the initiator's;
    /// <see cref="SessionRejection.InvalidKey"/>: a key is not a point on P-256;
    /// <see cref="SessionRejection.UnknownPrekey"/>: a prekey id this side does not hold (a one-time prekey already used included).
    /// </exception>
    public static ResponderAgreement Respond(ILocalSessionKeys own, PeerKey initiator, InitialHeader header)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(initiator);
        ArgumentNullException.ThrowIfNull(header);
        using var initiatorIdentity = PrekeyBundleVerifier.VerifyIdentityAgreementKey(header.IdentityAgreementKey, initiator);
        return Respond(own, initiator.KeyId, initiatorIdentity, header);
    }

    /// <summary>The core after the initiator's identity agreement key has been checked (the test vectors start here).</summary>
    internal static ResponderAgreement Respond(ILocalSessionKeys own, byte[] initiatorKeyId, P256PublicKey initiatorIdentity, InitialHeader header)
    {
        using var ephemeral = P256PublicKey.Import(header.EphemeralKey);
        var signedPrekey = own.FindSignedPrekey(header.SignedPrekeyId)
            ?? throw Unknown("signed prekey", header.SignedPrekeyId);
        var postQuantumPrekey = own.FindPostQuantumPrekey(header.PostQuantumPrekeyId)
            ?? throw Unknown("post-quantum prekey", header.PostQuantumPrekeyId);
        var oneTimePrekey = header.OneTimePrekeyId is { } id
            ? own.FindOneTimePrekey(id) ?? throw Unknown("one-time prekey", id)
            : null;

        var dh1 = signedPrekey.Agree(initiatorIdentity);
        var dh2 = own.IdentityAgreementKey.Agree(ephemeral);
        var dh3 = signedPrekey.Agree(ephemeral);
        var dh4 = oneTimePrekey?.Agree(ephemeral);
        var kemSecret = postQuantumPrekey.Decapsulate(header.KemCiphertext);
        var secret = DeriveSecret(dh1, dh2, dh3, dh4, kemSecret);
        var associatedData = AssociatedData(initiatorKeyId, initiatorIdentity.Encoded, own.OwnerKeyId, own.IdentityAgreementKey.PublicKey);
        return new ResponderAgreement(secret, associatedData, header.SignedPrekeyId, header.OneTimePrekeyId, header.EphemeralKey.ToArray());
    }

    /// <summary>initiator RSA key id (32) ‖ initiator IA (33) ‖ responder RSA key id (32) ‖ responder IA (33): 130 bytes.</summary>
    internal static byte[] AssociatedData(byte[] initiatorKeyId, byte[] initiatorIdentityKey, byte[] responderKeyId, byte[] responderIdentityKey) =>
        [.. initiatorKeyId, .. initiatorIdentityKey, .. responderKeyId, .. responderIdentityKey];

    internal static byte[] DeriveSecret(byte[] dh1, byte[] dh2, byte[] dh3, byte[]? dh4, byte[] kemSecret)
    {
        var ikm = new byte[SessionSuite.KeyBytes + dh1.Length + dh2.Length + dh3.Length + (dh4?.Length ?? 0) + kemSecret.Length];
        try
        {
            ikm.AsSpan(0, SessionSuite.KeyBytes).Fill(SessionSuite.AgreementPrefixByte);
            var writer = new SpanWriter(ikm.AsSpan(SessionSuite.KeyBytes));
            writer.Bytes(dh1);
            writer.Bytes(dh2);
            writer.Bytes(dh3);
            writer.Bytes(dh4);
            writer.Bytes(kemSecret);
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, SessionSuite.KeyBytes, salt: new byte[SessionSuite.KeyBytes], info: SessionSuite.AgreementInfo.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
            CryptographicOperations.ZeroMemory(dh1);
            CryptographicOperations.ZeroMemory(dh2);
            CryptographicOperations.ZeroMemory(dh3);
            CryptographicOperations.ZeroMemory(dh4);
            CryptographicOperations.ZeroMemory(kemSecret);
        }
    }

    private static SessionRejectedException Unknown(string what, uint id) =>
        new(SessionRejection.UnknownPrekey, $"the first message names {what} {id}, which this side does not hold (used, rotated out, or never published)");
}
