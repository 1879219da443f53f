using System.Text.Json.Serialization;

namespace Parley.Cli.Video;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VideoJson))]
internal sealed partial class VideoJsonContext : JsonSerializerContext;
