using Parley.Protocol.Messages;

namespace Parley.Server.Prekeys;

/// <summary>A bundle as stored, with the one-time prekey taken for it (deleted already), if any, and how many are left.</summary>
internal sealed record TakenBundle(
    SignedPrekey IdentityAgreementKey, SignedPrekey SignedPrekey, SignedPrekey PostQuantumPrekey, OneTimePrekey? OneTimePrekey, int OneTimePrekeysLeft);
