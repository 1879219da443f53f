namespace Parley.Client;

/// <summary>A named peer, its key (SubjectPublicKeyInfo DER) and the fingerprint computed here.</summary>
public sealed record PeerInfo(string Name, byte[] PublicKey, string Fingerprint, bool Online, PinStatus Pin);
