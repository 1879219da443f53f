namespace Parley.Crypto.Sessions;

/// <summary>
/// What a signed public key is for. The kind is inside the signed transcript, so a signature on one
/// kind of key cannot be passed off as a signature on another.
/// </summary>
public enum PrekeyKind : byte
{
    /// <summary>The long-term P-256 identity agreement key: what RSA cannot do (Diffie-Hellman), tied to the RSA identity.</summary>
    IdentityAgreement = 1,
    /// <summary>The medium-term P-256 signed prekey, rotated on a schedule.</summary>
    SignedPrekey = 2,
    /// <summary>The ML-KEM-768 post-quantum prekey.</summary>
    PostQuantumPrekey = 3,
}
