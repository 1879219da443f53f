namespace Parley.Client;

/// <summary>
/// A named peer, its key (SubjectPublicKeyInfo DER) and the fingerprint computed here; <see cref="Verified"/>
/// when this key is the pin and the user marked its safety number as compared.
/// </summary>
public sealed record PeerInfo(string Name, byte[] PublicKey, string Fingerprint, bool Online, PinStatus Pin, bool Verified = false)
{
    /// <summary>
    /// The name as the server registered it, from its answer; <see cref="Name"/> is the spelling asked for,
    /// which may differ from it by case or by lookalikes. Both sides compute the safety number from this one.
    /// </summary>
    public string RegisteredName { get; init; } = Name;
}
