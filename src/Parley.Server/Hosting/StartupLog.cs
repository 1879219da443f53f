using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Media;
using Parley.Protocol;
using Parley.Server.Registry;

namespace Parley.Server.Hosting;

/// <summary>What the server says when it has started: where it listens, and registry names an operator should know about.</summary>
internal static partial class StartupLog
{
    public static void Write(ILogger logger, NameRegistry registry, ParleyServerOptions options, IPEndPoint endpoint, IPEndPoint? http)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        var registered = Plural.Count(registry.Count, "registered name", "registered names");
        if (http is not null)
        {
            Listening(logger, endpoint, http, data, registered);
        }
        else
        {
            ListeningWithoutHttp(logger, endpoint, data, registered);
        }

        foreach (var (legacy, owner) in registry.LegacyNames)
        {
            LegacyName(logger, legacy.Name, legacy.RegisteredAt, owner.Name, owner.RegisteredAt, NameRules.UnicodeDataSource);
        }

        foreach (var unusable in registry.NamesWithUnusableKeys)
        {
            UnusableKey(logger, unusable.Name, unusable.RegisteredAt, unusable.Fingerprint);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Parley server listening on {Endpoint}, HTTP (HLS) on {HttpEndpoint} (data in {DataDirectory}, {Registered})")]
    private static partial void Listening(ILogger logger, IPEndPoint endpoint, IPEndPoint httpEndpoint, string dataDirectory, string registered);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information,
        Message = "Parley server listening on {Endpoint}, HTTP (HLS) off (data in {DataDirectory}, {Registered})")]
    private static partial void ListeningWithoutHttp(ILogger logger, IPEndPoint endpoint, string dataDirectory, string registered);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning,
        Message = "'{Legacy}' (registered {LegacyAt:u}) now collides with '{Owner}' (registered {OwnerAt:u}) under the name rules ({UnicodeData}); "
            + "it stays its owner's, reachable only by that spelling, and '{Owner}' keeps every other spelling")]
    private static partial void LegacyName(ILogger logger, string legacy, DateTimeOffset legacyAt, string owner, DateTimeOffset ownerAt, string unicodeData);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning,
        Message = "'{Name}' (registered {RegisteredAt:u}) belongs to a key that the key rules now refuse (fingerprint {Fingerprint}); "
            + "its owner cannot log in with it, and clients refuse it")]
    private static partial void UnusableKey(ILogger logger, string name, DateTimeOffset registeredAt, string fingerprint);
}
