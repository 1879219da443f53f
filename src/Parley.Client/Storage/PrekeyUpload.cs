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
