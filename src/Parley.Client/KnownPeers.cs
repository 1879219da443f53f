namespace Parley.Client;

/// <summary>The keys one identity has pinned for its peers (trust on first use), persisted as JSON.</summary>
public sealed class KnownPeers
{
    internal KnownPeers(string path)
    {
        Path = path;
    }

    internal string Path { get; }

    /// <summary>FirstSeen pins the key (and persists it); Changed never overwrites the pin.</summary>
    public PinStatus Check(string peerName, byte[] spki) => throw new NotImplementedException();

    public string? PinnedFingerprint(string peerName) => throw new NotImplementedException();

    /// <summary>Explicit re-pin after the user compared fingerprints out of band.</summary>
    public void Trust(string peerName, byte[] spki) => throw new NotImplementedException();
}
