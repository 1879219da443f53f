using System.Text.Json.Serialization;

namespace Parley.Client.Storage;

/// <summary>
/// known_peers.json: the pinned key of each peer, per server ("host:port", host in lower case), then
/// keyed by the name's uniqueness key. Version 1 had one map for all servers (<see cref="Peers"/>):
/// those pins are kept as they are and stand for any server with no pin of its own for the name.
/// </summary>
internal sealed record KnownPeersFile
{
    public const int CurrentVersion = 2;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Version 1's pins, made before pins were kept per server; never changed, null in a file without them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, PinnedPeer>? Peers { get; init; }

    public Dictionary<string, Dictionary<string, PinnedPeer>> Servers { get; init; } = new(StringComparer.Ordinal);
}

/// <param name="Name">The peer's name as first pinned.</param>
/// <param name="PublicKey">SubjectPublicKeyInfo DER, base64: the pin itself, compared whole.</param>
/// <param name="Fingerprint">For people reading the file; never compared.</param>
/// <param name="VerifiedAt">When the user marked the safety number as compared; cleared with a new key.</param>
internal sealed record PinnedPeer(
    string Name,
    string PublicKey,
    string Fingerprint,
    DateTimeOffset PinnedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? VerifiedAt = null);

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
