using Parley.Crypto.Sessions;

namespace Parley.Client;

/// <summary>
/// What <see cref="ParleyClient.UploadPrekeysAsync"/> publishes: any of the three signed keys (each replaces the stored
/// one of its kind; null leaves it as it is) and one-time prekeys to add.
/// </summary>
public sealed record PrekeyUpload
{
    /// <summary>Kind <see cref="PrekeyKind.IdentityAgreement"/>, signed by this identity.</summary>
    public SignedPublicKey? IdentityAgreementKey { get; init; }

    /// <summary>Kind <see cref="PrekeyKind.SignedPrekey"/>, signed by this identity.</summary>
    public SignedPublicKey? SignedPrekey { get; init; }

    /// <summary>Kind <see cref="PrekeyKind.PostQuantumPrekey"/>, signed by this identity.</summary>
    public SignedPublicKey? PostQuantumPrekey { get; init; }

    /// <summary>Added to those stored; ids must be new for this key.</summary>
    public IReadOnlyList<OneTimePrekey> OneTimePrekeys { get; init; } = [];

    /// <summary>Drop the stored one-time prekeys first (after a lost home, whose private halves are gone).</summary>
    public bool ReplaceOneTimePrekeys { get; init; }

    /// <summary>Nothing needs sending.</summary>
    public bool IsEmpty => IdentityAgreementKey is null && SignedPrekey is null && PostQuantumPrekey is null && OneTimePrekeys.Count == 0 && !ReplaceOneTimePrekeys;
}
