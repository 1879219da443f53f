using System.Text.Json.Serialization;

namespace Parley.Client.Storage;

/// <summary>known_peers.json: the pinned key of each peer, keyed by the name's uniqueness key.</summary>
internal sealed record KnownPeersFile
{
    public int Version { get; init; } = 1;

    public Dictionary<string, PinnedPeer> Peers { get; init; } = new(StringComparer.Ordinal);
}

/// <param name="Name">The peer's name as first seen.</param>
/// <param name="PublicKey">SubjectPublicKeyInfo DER, base64.</param>
internal sealed record PinnedPeer(string Name, string PublicKey, string Fingerprint, DateTimeOffset PinnedAt);

/// <summary>replay.json: ids of messages accepted within the freshness window.</summary>
internal sealed record ReplayFile
{
    public int Version { get; init; } = 1;

    public List<SeenMessage> Seen { get; init; } = [];
}

internal sealed record SeenMessage(string Id, long SentAtMs);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(KnownPeersFile))]
[JsonSerializable(typeof(ReplayFile))]
internal sealed partial class StorageJson : JsonSerializerContext;
