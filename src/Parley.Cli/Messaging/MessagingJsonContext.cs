using System.Text.Json.Serialization;

namespace Parley.Cli.Messaging;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MessageJson))]
internal sealed partial class MessagingJsonContext : JsonSerializerContext;
