using System.CommandLine;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Server;
using Parley.Server.Hosting;

namespace Parley.Cli.Hosting;

/// <summary>`parley server`: runs the Parley server until Ctrl+C or SIGTERM.</summary>
internal static class ServerCommand
{
    // One line per setting (a property of ParleyServerSettings, README "Server settings"); the override key is what
    // ParleyServerOptions.Resolve understands. ServerSettingsTests fails when a setting has no line here.
    private static readonly ServerFlag[] s_flags =
    [
        new("--host", "Host", "ADDRESS", "Address to listen on [default: 127.0.0.1]"),
        new("--port", "Port", "PORT", "TCP port; 0 picks a free one [default: 7878]"),
        new("--http-port", "HttpPort", "PORT", "HTTP port (HLS, /healthz, /metrics) on the same host; 0 picks a free one, -1 turns it off [default: 8080; 0 with --port 0]"),
        new("--data", "Data", "DIR", "Where the name registry and the offline queue are kept [default: ./data]"),
        new("--videos", "Videos", "DIR", "Folder of videos offered to clients [default: ./Available_videos]"),
        new("--max-frame-bytes", "MaxFrameBytes", "N", "Largest frame a client may send [default: 1048576]"),
        new("--login-timeout", "LoginTimeoutSeconds", "SECONDS", "Time a new connection has to log in [default: 10]"),
        new("--tls-cert", "TlsCert", "PEM", "TLS certificate (chain) for the Parley and HTTP ports [default: the server's own, made in DATA/tls on first start]"),
        new("--tls-key", "TlsKey", "PEM", "Private key of --tls-cert"),

        // Queues: memory held for connections that read slowly or not at all.
        new("--outbound-queue-capacity", "OutboundQueueCapacity", "N", "Frames a connection may have waiting to be written [default: 8192]"),
        new("--outbound-queue-bytes", "OutboundQueueBytes", "N", "Bytes of messages and video chunks one connection may have waiting [default: 2097152, or 2 x --max-frame-bytes]"),
        new("--outbound-queue-total-bytes", "OutboundQueueTotalBytes", "N", "Bytes waiting in all connections' queues together [default: 1/16 of memory, 64-256 MiB]"),
        new("--write-deadline", "WriteDeadlineSeconds", "SECONDS", "A connection that takes no bytes this long while data waits for it is closed (SLOW_CONSUMER) [default: 20]"),

        // Login signature checks.
        new("--login-verification-workers", "LoginVerificationWorkers", "N", "Login signatures checked at once [default: processors - 1, at least 1]"),
        new("--login-verification-queue", "LoginVerificationQueue", "N", "Logins that may wait for a worker before SERVER_BUSY [default: 64]"),

        // Video and media.
        new("--video-url-lifetime", "VideoUrlLifetimeSeconds", "SECONDS", "How long a video URL stays valid beyond the video's length [default: 3600]"),
        new("--generate-sample-videos", "GenerateSampleVideos", "true|false", "Write a sample video into an empty videos folder [default: true]"),
        new("--media", "Media", "DIR", "Media cache: packaged and generated renditions [default: <data>/media]"),
        new("--ffmpeg", "Ffmpeg", "PATH", "The ffmpeg executable [default: ffmpeg on PATH]"),
        new("--ffprobe", "Ffprobe", "PATH", "The ffprobe executable [default: ffprobe on PATH]"),

        new("--shutdown-timeout", "ShutdownTimeoutSeconds", "SECONDS", "On SIGTERM or Ctrl+C, time to deliver what is queued and say goodbye [default: 5]"),

        // Admission limits (docs/protocol.md §4); for the rates 0 turns the limit off.
        new("--max-login-frame-bytes", "MaxLoginFrameBytes", "N", "Largest frame a client may send before login [default: 4096]"),
        new("--frame-timeout", "FrameTimeoutSeconds", "SECONDS", "Time a started frame has to arrive whole [default: 30]"),
        new("--heartbeat-interval", "HeartbeatIntervalSeconds", "SECONDS", "Clients ping when they sent nothing for this long [default: 30]"),
        new("--idle-timeout", "IdleTimeoutSeconds", "SECONDS", "A logged-in connection that sends nothing this long is closed [default: 90]"),
        new("--max-connections", "MaxConnections", "N", "Connections open at once [default: 10000]"),
        new("--max-connections-per-address", "MaxConnectionsPerAddress", "N", "Connections open at once from one address (IPv6: one /64) [default: 64]"),
        new("--max-connections-per-name", "MaxConnectionsPerName", "N", "Logged-in connections of one name [default: 16]"),
        new("--limit-loopback-addresses", "LimitLoopbackAddresses", "true|false", "Apply the per-address limits to 127.0.0.0/8 and ::1 too [default: false]"),
        new("--connections-per-address-per-minute", "ConnectionsPerAddressPerMinute", "N", "New connections per address per minute [default: 120]"),
        new("--refusal-handshakes-per-second", "RefusalHandshakesPerSecond", "N", "Refused connections per second still told why over TLS; the rest are closed before TLS [default: 50]"),
        new("--logins-per-address-per-minute", "LoginsPerAddressPerMinute", "N", "Logins per address per minute [default: 60]"),
        new("--requests-per-second", "RequestsPerSecond", "N", "Sends, lookups, segment fetches, prekey uploads and bundle fetches per connection per second, burst of twice that [default: 1000]"),
        new("--delivery-bytes-per-second", "DeliveryBytesPerSecond", "N", "Bytes of deliveries one connection's sends may queue per second, over all the recipient's connections; past the burst its next frame waits [default: 33554432]"),
        new("--delivery-burst-bytes", "DeliveryBurstBytes", "N", "Bytes of deliveries one connection may cause at once before --delivery-bytes-per-second holds it back [default: 16777216]"),
        new("--registrations-per-address-per-hour", "RegistrationsPerAddressPerHour", "N", "New names per address per hour [default: 10]"),
        new("--registrations-per-hour", "RegistrationsPerHour", "N", "New names on the whole server per hour [default: 1000]"),
        new("--max-names-per-key", "MaxNamesPerKey", "N", "Names one key may own [default: 5]"),

        // Prekeys (docs/protocol.md §12.1).
        new("--max-one-time-prekeys", "MaxOneTimePrekeys", "N", "One-time prekeys kept per key; an upload beyond gets TOO_MANY_PREKEYS [default: 100]"),
        new("--prekey-refill-below", "PrekeyRefillBelow", "N", "Tell the owner when a fetch leaves fewer one-time prekeys than this; 0 never [default: 25]"),
        new("--one-time-prekey-per-fetcher", "OneTimePrekeyPerFetcherSeconds", "SECONDS", "One fetching key gets at most one of an owner's one-time prekeys per this many seconds; 0 turns it off [default: 3600]"),
        // Offline queue (docs/protocol.md §12.2): messages for registered names with no connection online, kept in DATA/queue.db.
        new("--queue-max-messages-per-recipient", "QueueMaxMessagesPerRecipient", "N", "Messages kept for one offline name; more get QUEUE_FULL [default: 1000]"),
        new("--queue-max-bytes-per-recipient", "QueueMaxBytesPerRecipient", "N", "Sealed bytes kept for one offline name; more get QUEUE_FULL [default: 16777216]"),
        new("--queue-max-total-bytes", "QueueMaxTotalBytes", "N", "Sealed bytes kept for all offline names together; more get QUEUE_FULL [default: 1073741824]"),
        new("--queue-max-age", "QueueMaxAgeSeconds", "SECONDS", "A queued message not acknowledged within this is deleted [default: 2592000, 30 days]"),
    ];

    // A switch, unlike the flags above that take a value.
    private static readonly Option<bool> s_insecure = new("--insecure")
    {
        Description = "Plain TCP and plain HTTP, no TLS: for experiments only (warned at every start) [env: PARLEY_INSECURE]",
    };

    /// <summary>Every flag, for the test that checks each setting has one; --insecure is a switch, listed under its key.</summary>
    internal static IReadOnlyList<ServerFlag> Flags =>
        [.. s_flags, new ServerFlag(s_insecure.Name, "Insecure", string.Empty, s_insecure.Description ?? string.Empty)];

    public static Command Create()
    {
        var command = new Command(
            "server",
            "Run the Parley server. Settings also come from appsettings.json (section Parley) and PARLEY_* variables; flags win.");
        foreach (var flag in s_flags)
        {
            command.Add(flag.CreateOption());
        }

        command.Add(s_insecure);

        command.SetAction((parse, _) => RunAsync(Overrides(parse)));
        return command;
    }

    /// <summary>What the command line sets, by <see cref="ParleyServerOptions.Resolve"/> override key; null when a flag is absent.</summary>
    internal static Dictionary<string, string?> Overrides(ParseResult parse)
    {
        var overrides = s_flags.ToDictionary(flag => flag.OverrideKey, flag => parse.GetValue<string?>(flag.Flag), StringComparer.OrdinalIgnoreCase);
        overrides["Insecure"] = parse.GetValue(s_insecure) ? "true" : null;
        return overrides;
    }

    private static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> overrides)
    {
        ParleyServerOptions options;
        try
        {
            options = ParleyServerOptions.Resolve(overrides);
        }
        catch (ArgumentException ex)
        {
            return ErrorLine.Fail(ex.Message, ExitCodes.Usage);
        }

        using var signals = new TerminationSignals();
        ParleyServerHost host;
        try
        {
            host = await ParleyServerHost.StartAsync(options, signals.Token);
        }
        catch (OperationCanceledException) when (signals.Signalled)
        {
            return signals.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            // Name both ports: the HTTP one (8080 unless given) is as likely to be the one in use.
            var http = options.HttpPort >= 0 ? $" (video HTTP on port {options.HttpPort})" : string.Empty;
            return ErrorLine.Fail($"cannot start the server on {options.Host}:{options.Port}{http}: {ex.Message}");
        }

        await using (host)
        {
            Terminal.Out.Line(
                $"parley server listening on {host.Endpoint} " +
                $"(data in {DisplayPath(options.DataDirectory)}, videos in {DisplayPath(options.VideosDirectory)})");
            Terminal.Out.Line(host.Fingerprint is { } fingerprint
                ? $"parley server key {fingerprint}; pin it with: parley chat --server {PinAddress(options.Host, host.Endpoint.Port)} --server-fingerprint {fingerprint}"
                : "parley server is INSECURE (--insecure): plain TCP, no TLS; clients connect with --insecure");
            var scheme = host.HttpUsesTls ? "https" : "http";
            Terminal.Out.Line(host.HttpEndpoint is { } http ? $"parley video HTTP (HLS) on {scheme}://{http}/hls/" : "parley video HTTP (HLS) is off");
            await host.WaitForShutdownAsync(signals.Token);
            Terminal.Out.Line("parley server stopping");
        }

        return ExitCodes.Ok;
    }

    private static string PinAddress(string host, int port) =>
        host is "0.0.0.0" or "::" ? $"{Environment.MachineName}:{port}"
        : host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}"
        : $"{host}:{port}";

    private static string DisplayPath(string path) =>
        Path.IsPathRooted(path) || path.StartsWith('.') ? path : "./" + path;
}
