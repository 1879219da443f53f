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
        new("--data", "Data", "DIR", "Where the name registry is kept [default: ./data]"),
        new("--videos", "Videos", "DIR", "Folder of videos offered to clients [default: ./Available_videos]"),
        new("--max-frame-bytes", "MaxFrameBytes", "N", "Largest frame a client may send [default: 1048576]"),
        new("--login-timeout", "LoginTimeoutSeconds", "SECONDS", "Time a new connection has to log in [default: 10]"),
        new("--http-port", "HttpPort", "PORT", "HTTP port (HLS, /healthz, /metrics) on the same host; 0 picks a free one, -1 turns it off [default: 8080; 0 with --port 0]"),
        new("--outbound-queue-capacity", "OutboundQueueCapacity", "N", "Frames a connection may have waiting to be written [default: 8192]"),
        new("--outbound-queue-bytes", "OutboundQueueBytes", "BYTES", "Bytes of deliveries a connection may have waiting [default: 16777216]"),
        new("--login-verification-workers", "LoginVerificationWorkers", "N", "Login signatures checked at once [default: processors - 1, at least 1]"),
        new("--login-verification-queue", "LoginVerificationQueue", "N", "Logins that may wait for a worker before SERVER_BUSY [default: 64]"),
        new("--video-url-lifetime", "VideoUrlLifetimeSeconds", "SECONDS", "How long a video URL stays valid beyond the video's length [default: 3600]"),
        new("--generate-sample-videos", "GenerateSampleVideos", "true|false", "Write a sample video into an empty videos folder [default: true]"),
        new("--media", "Media", "DIR", "Media cache: packaged and generated renditions [default: <data>/media]"),
        new("--ffmpeg", "Ffmpeg", "PATH", "The ffmpeg executable [default: ffmpeg on PATH]"),
        new("--ffprobe", "Ffprobe", "PATH", "The ffprobe executable [default: ffprobe on PATH]"),
        new("--shutdown-timeout", "ShutdownTimeoutSeconds", "SECONDS", "On SIGTERM or Ctrl+C, time to deliver what is queued and say goodbye [default: 5]"),
    ];

    /// <summary>Every flag, for the test that checks each setting has one.</summary>
    internal static IReadOnlyList<ServerFlag> Flags => s_flags;

    public static Command Create()
    {
        var command = new Command(
            "server",
            "Run the Parley server. Settings also come from appsettings.json (section Parley) and PARLEY_* variables; flags win.");
        foreach (var flag in s_flags)
        {
            command.Add(flag.CreateOption());
        }

        command.SetAction((parse, _) => RunAsync(Overrides(parse)));
        return command;
    }

    /// <summary>What the command line sets, by <see cref="ParleyServerOptions.Resolve"/> override key; null when a flag is absent.</summary>
    internal static Dictionary<string, string?> Overrides(ParseResult parse) =>
        s_flags.ToDictionary(flag => flag.OverrideKey, flag => parse.GetValue<string?>(flag.Flag), StringComparer.OrdinalIgnoreCase);

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
            Terminal.Out.Line(host.HttpEndpoint is { } http ? $"parley video HTTP (HLS) on http://{http}/hls/" : "parley video HTTP (HLS) is off");
            await host.WaitForShutdownAsync(signals.Token);
            Terminal.Out.Line("parley server stopping");
        }

        return ExitCodes.Ok;
    }

    private static string DisplayPath(string path) =>
        Path.IsPathRooted(path) || path.StartsWith('.') ? path : "./" + path;
}
