using Parley.Protocol.Messages;

namespace Parley.Client.Storage;

/// <summary>What the server says it holds of this identity's prekeys (the PrekeyStatus frame).</summary>
/// <param name="Published">The identity agreement key, a signed prekey and a post-quantum prekey are stored.</param>
/// <param name="OneTimePrekeys">One-time prekeys left.</param>
/// <param name="SignedPrekeyCreatedAtMs">The creation time of the signed prekey it hands out (0 if none).</param>
/// <param name="RefillBelow">Below this many one-time prekeys, refill.</param>
/// <param name="MaxOneTimePrekeys">The most the server keeps.</param>
public sealed record PrekeyServerStatus(bool Published, int OneTimePrekeys, long SignedPrekeyCreatedAtMs, int RefillBelow, int MaxOneTimePrekeys)
{
    /// <summary>The PrekeyStatus frame (Welcome.prekeys, PrekeysStored.status, or pushed) as the store reads it.</summary>
    public static PrekeyServerStatus From(PrekeyStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new PrekeyServerStatus(
            status.Published,
            (int)Math.Min(status.OneTimePrekeys, int.MaxValue),
            status.SignedPrekeyCreatedAtMs,
            (int)Math.Min(status.RefillBelow, int.MaxValue),
            (int)Math.Min(status.MaxOneTimePrekeys, int.MaxValue));
    }
}
