using Parley.Crypto.Sessions;

namespace Parley.Client.Storage;

/// <summary>
/// What to publish now (<see cref="SessionStore.PlanUpload"/>), in the shape of the UploadPrekeys frame:
/// the three signed keys when the server lacks them or holds older ones, and one-time prekeys to refill.
/// After the server stored it, <see cref="SessionStore.MarkUploaded"/>.
/// </summary>
/// <param name="ReplaceOneTimePrekeys">This store never published one-time prekeys: whatever the server holds for this identity is another store's (a wiped home) and must go.</param>
public sealed record PrekeyUpload(
    SignedPublicKey? IdentityAgreementKey,
    SignedPublicKey? SignedPrekey,
    SignedPublicKey? PostQuantumPrekey,
    IReadOnlyList<OneTimePrekey> OneTimePrekeys,
    bool ReplaceOneTimePrekeys)
{
    /// <summary>Nothing needs sending.</summary>
    public bool IsEmpty => SignedPrekey is null && OneTimePrekeys.Count == 0 && !ReplaceOneTimePrekeys;
}

/// <summary>What the server says it holds of this identity's prekeys (the PrekeyStatus frame).</summary>
/// <param name="Published">The identity agreement key, a signed prekey and a post-quantum prekey are stored.</param>
/// <param name="OneTimePrekeys">One-time prekeys left.</param>
/// <param name="SignedPrekeyCreatedAtMs">The creation time of the signed prekey it hands out (0 if none).</param>
/// <param name="RefillBelow">Below this many one-time prekeys, refill.</param>
/// <param name="MaxOneTimePrekeys">The most the server keeps.</param>
public sealed record PrekeyServerStatus(bool Published, int OneTimePrekeys, long SignedPrekeyCreatedAtMs, int RefillBelow, int MaxOneTimePrekeys);
