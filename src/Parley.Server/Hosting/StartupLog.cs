using System.Net;
using Microsoft.Extensions.Logging;
using Parley.Media;
using Parley.Protocol;
using Parley.Server.Registry;
using Parley.Server.Transports.Tcp;

namespace Parley.Server.Hosting;

/// <summary>What the server says when it has started: where it listens, and registry names an operator should know about.</summary>
internal static partial class StartupLog
{
    public static void Write(ILogger logger, NameRegistry registry, ParleyServerOptions options, IPEndPoint endpoint, IPEndPoint? http, ServerTls? tls)
    {
        if (tls is null)
        {
            Insecure(logger);
        }
        else
        {
            var address = $"{PinHost(options.Host)}:{endpoint.Port}";
            Identity(logger, tls.Created ? "created" : "loaded", tls.Fingerprint, address);
        }

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

    /// <summary>The address a user passes to --server: the configured host, or this machine's name for a wildcard address.</summary>
    private static string PinHost(string host) =>
        host is "0.0.0.0" or "::" or "[::]" ? Environment.MachineName
        : host.Contains(':', StringComparison.Ordinal) ? $"[{host}]"
        : host;

    [LoggerMessage(EventId = 320, Level = LogLevel.Information,
        Message = "TLS identity {Created}: fingerprint {Fingerprint}; clients pin it with: parley chat --server {Address} --server-fingerprint {Fingerprint}")]
    private static partial void Identity(ILogger logger, string created, string fingerprint, string address);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning,
        Message = "INSECURE: --insecure serves plain TCP (and plain HTTP): anyone on the path reads names, keys and routing, and can relay logins; use it for experiments only")]
    private static partial void Insecure(ILogger logger);

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
