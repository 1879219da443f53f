using System.Text.Json.Serialization;

namespace Parley.Cli.Output;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MessageJson))]
[JsonSerializable(typeof(PeerJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
