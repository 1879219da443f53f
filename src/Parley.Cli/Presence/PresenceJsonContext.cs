using System.Text.Json.Serialization;

namespace Parley.Cli.Presence;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PeerJson))]
internal sealed partial class PresenceJsonContext : JsonSerializerContext;
