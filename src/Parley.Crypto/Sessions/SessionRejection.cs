namespace Parley.Crypto.Sessions;

/// <summary>Why a prekey bundle, a session's first message or a ratchet message was refused.</summary>
public enum SessionRejection
{
    /// <summary>Bytes of the wrong length or layout: a header, a key, a serialized state.</summary>
    Malformed,
    /// <summary>A public key that is not a valid P-256 point or ML-KEM-768 key.</summary>
    InvalidKey,
    /// <summary>A prekey signature does not verify, or was made for another owner or another kind of key.</summary>
    BadSignature,
    /// <summary>The bundle belongs to an RSA identity other than the one the caller expects.</summary>
    WrongIdentity,
    /// <summary>The first message names a signed, one-time or post-quantum prekey this side does not hold.</summary>
    UnknownPrekey,
    /// <summary>The message does not authenticate: its header, ciphertext or associated data was changed.</summary>
    Tampered,
    /// <summary>The message number was already opened (or its key was dropped): nothing is opened twice.</summary>
    Replayed,
    /// <summary>Opening would need more skipped message keys than the limits allow.</summary>
    TooManySkipped,
    /// <summary>A counter would pass 2^32 - 1: the session must be replaced.</summary>
    Exhausted,
    /// <summary>A serialized state of a version this code does not read.</summary>
    UnsupportedVersion,
    /// <summary>There is no session with the peer and no prekey bundle was given to start one: fetch the peer's bundle.</summary>
    NoSession,
    /// <summary>A prekey bundle whose signed prekey is older than its owner keeps one: a server replaying an old bundle.</summary>
    StalePrekey,
}

public sealed class SessionRejectedException(SessionRejection reason, string message) : Exception(message)
{
    public SessionRejection Reason { get; } = reason;
}
