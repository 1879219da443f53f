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

/// <summary>
/// replay.json: messages accepted within the freshness window. Version 2 records each with its sender's
/// key id; the entries of version 1 have none and stand for their id from any sender until they age out.
/// </summary>
internal sealed record ReplayFile
{
    public int Version { get; init; } = 2;

    public List<SeenMessage> Seen { get; init; } = [];
}

/// <param name="Id">The message id, hex.</param>
/// <param name="SenderKeyId">The key id (hex) of the key that signed it; null in entries written by version 1.</param>
internal sealed record SeenMessage(
    string Id,
    long SentAtMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SenderKeyId = null);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(KnownPeersFile))]
[JsonSerializable(typeof(ReplayFile))]
internal sealed partial class StorageJson : JsonSerializerContext;
