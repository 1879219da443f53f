namespace Parley.Crypto;

/// <summary>Why a received sealed message was refused.</summary>
public enum SealRejection
{
    Malformed,
    UnsupportedVersion,
    /// <summary>The sealed sender is not the name the server says it came from.</summary>
    SenderMismatch,
    /// <summary>Signed with a key other than the one known for the sender (key substitution).</summary>
    SenderKeyMismatch,
    /// <summary>Sealed for another name or another key than ours.</summary>
    Misaddressed,
    BadSignature,
    /// <summary>The signature checks out but the ciphertext or wrapped key does not open.</summary>
    Tampered,
    Stale,
    FromTheFuture,
    Replayed,
}

public sealed class SealRejectedException(SealRejection reason, string message) : Exception(message)
{
    public SealRejection Reason { get; } = reason;
}
