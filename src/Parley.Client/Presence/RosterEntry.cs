namespace Parley.Client.Presence;

/// <summary>An online peer as the server presented it, with the fingerprint computed here.</summary>
internal sealed record RosterEntry(string Name, byte[] Spki, string Fingerprint);
